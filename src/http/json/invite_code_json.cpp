#include "http/json/invite_code_json.hpp"

#include "core/time_format.hpp"
#include "http/json/json_values.hpp"

namespace atrium::http {

nlohmann::json invite_code_json(const InviteCode& code) {
  return {{"ID", code.id},
          {"CID", code.cid},
          {"Code", code.code},
          {"Quota", code.quota},
          {"Used", code.used},
          {"Expires", optional_time(code.expires_at)},
          {"Active", code.active},
          {"TeamID", code.team_id},
          {"OrganisationID", code.organisation_id},
          {"CreatedAt", format_rfc3339(code.created_at)},
          {"UpdatedAt", format_rfc3339(code.updated_at)}};
}

}  // namespace atrium::http
