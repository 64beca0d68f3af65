#include "http/json/custom_credential_json.hpp"

#include <string>

#include "core/time_format.hpp"

namespace atrium::http {

nlohmann::json custom_credential_json(const CustomCredential& c) {
  const CustomCredentialFields& f = c.fields;
  return {{"ID", c.id},
          {"Alias", f.alias},
          {"Type", f.type},
          // Tyk's CustomCredential gives PlanID as a string.
          {"PlanID", f.plan_id ? std::to_string(*f.plan_id) : std::string()},
          {"AuthenticationMethod", f.authentication_method},
          {"ProductIDs", f.product_ids},
          {"AuthTokenType", f.auth_token_type},
          {"KeyID", f.key_id},
          {"ProviderID", 0},
          {"ClientTypeID", 0},
          {"KeyPrefix", c.key_prefix},
          {"CreatedAt", format_tyk_time(c.created_at)},
          {"UpdatedAt", format_tyk_time(c.updated_at)}};
}

}  // namespace atrium::http
