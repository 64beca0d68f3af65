#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/onboarding/registration_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET /portal-api/registration-requests, POST …/{id}/approve and …/{id}/reject.
void add_registration_routes(Router& router, ApiTokenService& tokens,
                             RegistrationService& registrations);

}  // namespace atrium::http
