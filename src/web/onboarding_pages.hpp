#pragma once

#include "domain/onboarding/onboarding_service.hpp"
#include "http/router.hpp"
#include "web/auth_pages.hpp"

namespace atrium::web {

// Self-registration (/auth/password/register, .../register/confirm), invitation acceptance
// (/auth/password/register?token=), password reset (/auth/password/new, /auth/reset/code) and a
// consumer-admin's invitations (/portal/private/users/invite, with a JSON twin).
void add_onboarding_pages(http::Router& router, const AuthPages& pages,
                          OnboardingService& onboarding, UserService& users);

}  // namespace atrium::web
