#include "http/api/config_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/json_body.hpp"
#include "http/json_util.hpp"

namespace atrium::http {

void add_config_routes(Router& router, ApiTokenService& tokens, nlohmann::json effective_config) {
  router.add(
      "GET", "/portal-api/configs",
      require_api_token(tokens, [config = std::move(effective_config)](Request&, const Actor&) {
        return Response::json(200, config);
      }));
}

}  // namespace atrium::http
