#include "http/json/invitation_json.hpp"

#include "core/time_format.hpp"
#include "http/json/json_values.hpp"

namespace atrium::http {

nlohmann::json invitation_json(const InvitationView& view) {
  return {{"ID", view.invitation.id},
          {"UserID", view.user.id},
          {"Email", view.user.email},
          {"First", view.user.first},
          {"Last", view.user.last},
          {"Role", to_string(view.user.role)},
          {"OrganisationID", optional_id(view.user.organisation_id)},
          {"InvitedBy", optional_id(view.invitation.invited_by)},
          {"CreatedAt", format_rfc3339(view.invitation.created_at)},
          {"SentAt", format_rfc3339(view.invitation.sent_at)},
          {"ExpiresAt", format_rfc3339(view.invitation.expires_at)},
          {"AcceptedAt", optional_time(view.invitation.accepted_at)}};
}

}  // namespace atrium::http
