#pragma once

#include "domain/directory/user_service.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET/POST /portal/private/users/invite and the pending invitations' resend and revoke
// (consumer-admins).
void add_invitation_pages(http::Router& router, const AuthPages& pages,
                          InvitationService& invitations, UserService& users);

}  // namespace atrium::web
