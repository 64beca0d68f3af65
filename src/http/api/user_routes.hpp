#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/directory/user_service.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET, POST /portal-api/users; GET, PUT, DELETE /portal-api/users/{id}.
// GET /portal-api/users answers from `lists` while the directory is unchanged.
void add_user_routes(Router& router, ApiTokenService& tokens, UserService& users,
                     ResponseCache& lists);

}  // namespace atrium::http
