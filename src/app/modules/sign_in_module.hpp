#pragma once

#include <nlohmann/json.hpp>

#include "app/modules/directory_module.hpp"
#include "app/modules/routes.hpp"
#include "app/modules/settings_module.hpp"
#include "app/platform.hpp"
#include "domain/auth/api_tokens.hpp"
#include "domain/auth/bootstrap.hpp"
#include "domain/auth/login_service.hpp"
#include "domain/auth/session_service.hpp"
#include "web/common/templates.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::app {

// Signing in (DESIGN §3, §8): admin API tokens and the bootstrap of the first owner, sessions,
// the login and profile pages, and the page frame the other modules' pages are built in.
struct SignInModule {
  SignInModule(Platform& platform, DirectoryModule& directory, SettingsModule& settings);
  void add_routes(http::Router& router);

  ApiTokenService api_tokens;
  BootstrapService bootstrap;
  SessionService sessions;
  LoginService login;
  web::PageRenderer renderer;
  web::AuthPages pages;
  // GET /portal-api/configs: the effective configuration in Tyk's shape.
  nlohmann::json configs;
};

}  // namespace atrium::app
