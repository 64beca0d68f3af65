#pragma once

#include <functional>

#include "domain/auth/actor.hpp"
#include "domain/auth/api_tokens.hpp"
#include "http/router.hpp"

namespace atrium::http {

using AdminHandler = std::function<Response(Request&, const Actor&)>;

// Wraps an admin API handler: the request must carry `Authorization: <token>` or
// `Authorization: Bearer <token>` of an active API Owner, else 401 JSON.
Handler require_api_token(ApiTokenService& tokens, AdminHandler handler);

}  // namespace atrium::http
