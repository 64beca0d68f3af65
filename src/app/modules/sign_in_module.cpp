#include "app/modules/sign_in_module.hpp"

#include "app/theme.hpp"
#include "http/api/api_token_routes.hpp"
#include "http/api/bootstrap_routes.hpp"
#include "http/api/config_routes.hpp"
#include "web/common/static_assets.hpp"

namespace atrium::app {

namespace {

SessionSettings session_settings(const SessionConfig& config) {
  SessionSettings s;
  s.lifetime = std::chrono::duration_cast<std::chrono::seconds>(config.lifetime);
  s.idle_timeout = std::chrono::duration_cast<std::chrono::seconds>(config.idle_timeout);
  return s;
}

// GET /portal-api/configs answers as Tyk does: an array of settings objects.
nlohmann::json tyk_configs(const Config& config) {
  nlohmann::json effective = effective_config_json(config);
  nlohmann::json settings = effective["Settings"];
  settings["Sources"] = effective["Sources"];
  return nlohmann::json::array({settings});
}

}  // namespace

SignInModule::SignInModule(Platform& platform, DirectoryModule& directory, SettingsModule& settings)
    : api_tokens(*platform.database, platform.random, platform.token_hasher, platform.clock,
                 &platform.sign_in_memory),
      bootstrap(*platform.database, platform.password_hasher, platform.password_rules,
                platform.random, platform.token_hasher, platform.clock),
      sessions(*platform.database, platform.random, platform.token_hasher, platform.clock,
               session_settings(platform.config.session), &platform.sign_in_memory),
      login(*platform.database, platform.password_hasher, platform.password_rules, sessions,
            platform.clock, LoginThrottle{}),
      renderer(theme_dir(platform.config)),
      pages{sessions,
            login,
            directory.users,
            renderer,
            web::SessionCookie{platform.config.session.name, platform.config.session.secure,
                               platform.config.session.same_site},
            [&settings] { return settings.settings.registration_open(); },
            [&settings] {
              auto current = settings.settings.current();
              return current && current->can_send();
            }},
      configs(tyk_configs(platform.config)) {}

void SignInModule::add_routes(http::Router& router) {
  http::add_bootstrap_routes(router, bootstrap);
  http::add_api_token_routes(router, api_tokens);
  http::add_config_routes(router, api_tokens, configs);
  web::add_static_routes(router);
  web::add_auth_pages(router, pages);
}

}  // namespace atrium::app
