#include "http/api/bootstrap_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/json_body.hpp"
#include "http/json_util.hpp"

namespace atrium::http {

void add_bootstrap_routes(Router& router, BootstrapService& bootstrap) {
  router.add("POST", "/portal-api/bootstrap", [&bootstrap](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return failure(request, body.error());
    ObjectReader reader(*body);
    BootstrapRequest input;
    input.email = reader.required_string("username");
    input.password = reader.required_string("password");
    input.first = reader.optional_string("first_name").value_or("Portal");
    input.last = reader.optional_string("last_name").value_or("Admin");
    input.source_address = request.remote_address;
    if (auto status = reader.finish(); !status) return failure(request, status.error());
    auto result = bootstrap.bootstrap(input);
    if (!result) return failure(request, result.error());
    return Response::json(200, {{"code", "OK"},
                                {"message", "Bootstrapped user successfully"},
                                {"data", {{"api_token", result->api_token.secret}}}});
  });
}

}  // namespace atrium::http
