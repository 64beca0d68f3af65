#include "http/admin_auth.hpp"

#include "http/dispatcher.hpp"

namespace atrium::http {

Handler require_api_token(ApiTokenService& tokens, AdminHandler handler) {
  return [&tokens, handler = std::move(handler)](Request& request) {
    const auto header = request.header("authorization");
    auto actor = tokens.authenticate(header.value_or(std::string_view()), request.remote_address);
    if (!actor) return failure(request, actor.error());
    return handler(request, *actor);
  };
}

}  // namespace atrium::http
