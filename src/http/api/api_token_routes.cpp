#include "http/api/api_token_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/json_body.hpp"
#include "http/json_util.hpp"

namespace atrium::http {

namespace {

nlohmann::json token_json(const ApiToken& token) {
  return {{"ID", token.id},
          {"Name", token.name},
          {"CreatedAt", json_time(token.created_at)},
          {"LastUsedAt", json_time(token.last_used_at)},
          {"RevokedAt", json_time(token.revoked_at)}};
}

}  // namespace

void add_api_token_routes(Router& router, ApiTokenService& tokens) {
  router.add("GET", "/portal-api/api-tokens",
             require_api_token(tokens, [&tokens](Request& request, const Actor& actor) {
               auto list = tokens.list(actor);
               if (!list) return failure(request, list.error());
               nlohmann::json out = nlohmann::json::array();
               for (const auto& t : *list) out.push_back(token_json(t));
               return Response::json(200, out);
             }));
  router.add("POST", "/portal-api/api-tokens",
             require_api_token(tokens, [&tokens](Request& request, const Actor& actor) {
               auto body = parse_json_object(request);
               if (!body) return failure(request, body.error());
               ObjectReader reader(*body);
               const std::string name = reader.required_string("Name");
               if (auto status = reader.finish(); !status) return failure(request, status.error());
               auto issued = tokens.issue(actor, name);
               if (!issued) return failure(request, issued.error());
               nlohmann::json out = token_json(issued->token);
               out["Token"] = issued->secret;  // the only time the secret is shown
               return Response::json(201, out);
             }));
  router.add("DELETE", "/portal-api/api-tokens/{id}",
             require_api_token(tokens, [&tokens](Request& request, const Actor& actor) {
               auto id = parse_path_id(request.param("id"), "api_token");
               if (!id) return failure(request, id.error());
               if (auto status = tokens.revoke(actor, *id); !status) {
                 return failure(request, status.error());
               }
               return status_ok();
             }));
}

}  // namespace atrium::http
