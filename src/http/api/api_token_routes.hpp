#pragma once

#include "domain/auth/api_tokens.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET, POST /portal-api/api-tokens; DELETE /portal-api/api-tokens/{id}: an owner's own tokens.
void add_api_token_routes(Router& router, ApiTokenService& tokens);

}  // namespace atrium::http
