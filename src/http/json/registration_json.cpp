#include "http/json/registration_json.hpp"

#include "core/time_format.hpp"
#include "http/json/json_values.hpp"

namespace atrium::http {

nlohmann::json registration_json(const RegistrationView& view) {
  return {{"ID", view.registration.id},
          {"UserID", view.user.id},
          {"Email", view.user.email},
          {"First", view.user.first},
          {"Last", view.user.last},
          {"OrganisationID", optional_id(view.user.organisation_id)},
          {"State", to_string(view.registration.state)},
          {"InviteCodeID", optional_id(view.registration.invite_code_id)},
          {"CreatedAt", format_rfc3339(view.registration.created_at)},
          {"ConfirmedAt", optional_time(view.registration.confirmed_at)},
          {"DecidedAt", optional_time(view.registration.decided_at)},
          {"DecidedBy", optional_id(view.registration.decided_by)}};
}

}  // namespace atrium::http
