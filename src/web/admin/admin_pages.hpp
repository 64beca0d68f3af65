#pragma once

#include "domain/auth/api_tokens.hpp"
#include "http/router.hpp"
#include "web/admin/user_pages.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET /admin: the overview (what waits for the owner, and the sections).
void add_admin_home_page(http::Router& router, const AuthPages& pages,
                         const AdminDirectory& directory);

// /admin/api-tokens: the owner's own admin API tokens: create (the secret shown once, on the
// answer to the POST, never stored or redirected), list, revoke after a confirmation step.
void add_api_token_pages(http::Router& router, const AuthPages& pages, ApiTokenService& tokens);

}  // namespace atrium::web
