#include "http/api/invite_code_routes.hpp"

#include "core/time_format.hpp"
#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/invite_code_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

struct Api {
  ApiTokenService& tokens;
  InviteCodeService& invite_codes;
};

// An RFC 3339 time, or null / "" for "never".
std::optional<std::optional<TimePoint>> read_expires(ObjectReader& reader) {
  const nlohmann::json* raw = reader.optional_raw("Expires");
  if (raw == nullptr) {
    return reader.has("Expires") ? std::optional<std::optional<TimePoint>>(std::nullopt)
                                 : std::nullopt;
  }
  if (raw->is_string()) {
    const std::string text = raw->get<std::string>();
    if (text.empty()) return std::optional<std::optional<TimePoint>>(std::nullopt);
    if (auto time = parse_rfc3339(text)) return std::optional<std::optional<TimePoint>>(*time);
  }
  reader.add_field_error("Expires", "must be an RFC 3339 time such as 2027-01-31T12:00:00Z");
  return std::nullopt;
}
Result<InviteCodeInput> read_invite_code(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  InviteCodeInput in;
  in.quota = reader.optional_int("Quota");
  in.active = reader.optional_bool("Active");
  in.team_id = reader.optional_int("TeamID");
  in.organisation_id = reader.optional_int("OrganisationID");
  in.expires = read_expires(reader);
  for (const char* key : {"ID", "CID", "Code", "Used", "CreatedAt", "UpdatedAt"})
    reader.ignore(key);
  ATRIUM_TRY(reader.finish());
  return in;
}
}  // namespace

void add_invite_code_routes(Router& router, ApiTokenService& tokens,
                            InviteCodeService& invite_codes) {
  const Api api{tokens, invite_codes};
  router.add("GET", "/portal-api/invite-codes",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               if (auto status = query.finish(); !status) return failure(request, status.error());
               return respond_page(request, api.invite_codes.list(actor, page), invite_code_json);
             }));
  router.add("POST", "/portal-api/invite-codes",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto input = read_invite_code(request);
               if (!input) return failure(request, input.error());
               return respond(request, api.invite_codes.create(actor, *input),
                              invite_code_json);  // as Tyk's creates
             }));
  router.add("GET", "/portal-api/invite-codes/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               return respond(request, api.invite_codes.get(actor, request.param("id")),
                              invite_code_json);
             }));
  router.add("PUT", "/portal-api/invite-codes/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto input = read_invite_code(request);
               if (!input) return failure(request, input.error());
               return respond(request, api.invite_codes.update(actor, request.param("id"), *input),
                              invite_code_json);
             }));
  router.add("DELETE", "/portal-api/invite-codes/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               if (auto status = api.invite_codes.remove(actor, request.param("id")); !status) {
                 return failure(request, status.error());
               }
               return status_ok();
             }));
}

}  // namespace atrium::http
