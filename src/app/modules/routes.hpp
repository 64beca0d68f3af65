#pragma once

#include "domain/auth/api_tokens.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::app {

// What a feature module adds its routes and pages with: the router, the admin API's token check
// and the page frame (sessions, renderer, cookie) of the sign-in module.
struct Routes {
  http::Router& router;
  ApiTokenService& tokens;
  const web::AuthPages& pages;
};

}  // namespace atrium::app
