#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// /portal-api/invite-codes[/{id}]: list, create, read, update, delete.
void add_invite_code_routes(Router& router, ApiTokenService& tokens,
                            InviteCodeService& invite_codes);

}  // namespace atrium::http
