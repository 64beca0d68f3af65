#include "app/modules/apps_module.hpp"

#include "http/api/app_routes.hpp"
#include "web/live/app_pages.hpp"

namespace atrium::app {

AppsModule::AppsModule(Platform& platform, MailModule& mail, SettingsModule& settings,
                       CatalogueModule& catalogue_module, DirectoryModule& directory_module)
    : clock(platform.clock),
      catalogue(catalogue_module),
      directory(directory_module),
      apps(*platform.database, platform.random, platform.clock),
      requests(*platform.database, platform.random, platform.token_hasher, platform.clock,
               mail.mailer, settings.settings),
      credentials(*platform.database, platform.random, platform.token_hasher, platform.clock),
      custom(*platform.database, platform.token_hasher, platform.clock),
      usage(*platform.database, platform.clock) {}

void AppsModule::add_routes(const Routes& routes) {
  http::add_app_routes(routes.router, routes.tokens,
                       http::AppServices{apps, requests, credentials, custom, usage, clock});
  http::add_access_request_routes(routes.router, routes.tokens, requests, clock);
  pages_ = std::make_unique<web::AppPages>(web::AppPages{routes.pages, apps, requests, credentials,
                                                         usage, catalogue.products, catalogue.lists,
                                                         clock});
  web::add_app_pages(routes.router, *pages_);
  admin_pages_ = std::make_unique<web::AdminApps>(web::AdminApps{
      routes.pages, apps, requests, directory.organisations, catalogue.products, usage, clock});
  web::add_app_admin_pages(routes.router, *admin_pages_);
}

}  // namespace atrium::app
