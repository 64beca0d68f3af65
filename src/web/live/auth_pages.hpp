#pragma once

#include <functional>
#include <string>

#include "domain/auth/login_service.hpp"
#include "domain/auth/session_service.hpp"
#include "domain/directory/user_service.hpp"
#include "http/cookies.hpp"
#include "http/router.hpp"
#include "web/common/templates.hpp"

namespace atrium::web {

struct SessionCookie {
  std::string name = "portal-session";  // PORTAL_SESSION_NAME
  bool secure = false;                  // PORTAL_SESSION_SECURE
  std::string same_site = "Strict";     // PORTAL_SESSION_SAMESITE
};

// What the sign-in pages need.
struct AuthPages {
  SessionService& sessions;
  LoginService& login;
  UserService& users;
  const PageRenderer& renderer;
  SessionCookie cookie;
  // Whether the login page offers registration (the portal setting); unset: never.
  std::function<bool()> registration_open;
  // Whether email can go out now (a relay and a From address); unset: never, mail waits in the
  // outbox. Pages say "queued" rather than "emailed" when it cannot.
  std::function<bool()> mail_relay_ready;
};

// The handler of a page that needs a signed-in user.
using SignedInHandler = std::function<http::Response(http::Request&, const ActiveSession&)>;

// Wraps a page for signed-in users: no or an expired session → 303 to the login page; a user who
// must change their password → 303 to the change-password page (unless `allow_forced`); a
// state-changing method (POST) without the session's CSRF token (a urlencoded field, or a part
// of a multipart upload: web/common/upload_form.hpp) → 403, nothing done.
http::Handler signed_in(const AuthPages& pages, SignedInHandler handler, bool allow_forced = false);

// GET/POST /auth/password/login, POST /auth/password/logout, GET/POST /auth/password/change,
// GET /portal/private/profile and /admin/profile, POST /auth/sessions/end-others (sign out my
// other sessions),
// GET /portal/private/dashboard, GET / (GET /admin is the Admin Portal's, web/admin).
void add_auth_pages(http::Router& router, const AuthPages& pages);

}  // namespace atrium::web
