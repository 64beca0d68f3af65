#pragma once

#include <memory>

#include "app/modules/catalogue_module.hpp"
#include "app/modules/directory_module.hpp"
#include "app/modules/mail_module.hpp"
#include "app/modules/routes.hpp"
#include "app/modules/settings_module.hpp"
#include "app/platform.hpp"
#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/apps/credential_service.hpp"
#include "domain/apps/custom_credential_service.hpp"
#include "domain/gateway/key_usage.hpp"
#include "web/admin/app_admin_pages.hpp"
#include "web/live/app_pages.hpp"

namespace atrium::app {

// Developer apps, access requests and credentials (DESIGN §10): the admin API and the Live
// Portal's apps pages and request-access form (the apps lists answered from the response cache
// while apps and directory are unchanged).
struct AppsModule {
  AppsModule(Platform& platform, MailModule& mail, SettingsModule& settings,
             CatalogueModule& catalogue, DirectoryModule& directory);
  void add_routes(const Routes& routes);

  const Clock& clock;
  CatalogueModule& catalogue;
  DirectoryModule& directory;
  AppService apps;
  AccessRequestService requests;
  CredentialService credentials;
  CustomCredentialService custom;
  KeyUsageService usage;  // what the gateway counted, shown with each key

 private:
  // The routes hold references into these.
  std::unique_ptr<web::AppPages> pages_;
  std::unique_ptr<web::AdminApps> admin_pages_;
};

}  // namespace atrium::app
