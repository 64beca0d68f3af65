#pragma once

#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/password_reset_service.hpp"
#include "domain/onboarding/registration_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET/POST /auth/password/register (self-registration, and an invitation's password when the link
// carries a token) and /auth/password/register/confirm.
void add_registration_pages(http::Router& router, const AuthPages& pages,
                            RegistrationService& registrations, InvitationService& invitations,
                            PasswordResetService& resets);

}  // namespace atrium::web
