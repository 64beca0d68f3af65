#pragma once

#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/password_reset_service.hpp"
#include "http/router.hpp"
#include "web/common/page_support.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

struct PasswordPages {
  const AuthPages& pages;
  InvitationService& invitations;
  PasswordResetService& resets;
};

// The invitation's "set your password" form, which the register path shows for a link's token.
http::Response show_invitation_password(const PasswordPages& c, const http::Request& request,
                                        const std::string& token);
http::Response submit_invitation_password(const PasswordPages& c, http::Request& request,
                                          const Form& form);

// GET/POST /auth/password/register?token= (an invitation's password), /auth/password/new (ask for a
// reset link) and /auth/reset/code?token= (a new password).
void add_password_pages(http::Router& router, const AuthPages& pages,
                        InvitationService& invitations, PasswordResetService& resets);

}  // namespace atrium::web
