#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET /portal-api/invitations, POST /portal-api/invitations/{id}/resend, DELETE
// /portal-api/invitations/{id}.
void add_invitation_routes(Router& router, ApiTokenService& tokens, InvitationService& invitations);

}  // namespace atrium::http
