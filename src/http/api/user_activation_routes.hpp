#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// POST /portal-api/users/{id}/activate, /deactivate and /invite (beyond Tyk).
void add_user_activation_routes(Router& router, ApiTokenService& tokens, UserService& users,
                                InvitationService& invitations);

}  // namespace atrium::http
