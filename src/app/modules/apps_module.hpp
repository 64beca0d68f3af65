#pragma once

#include "app/modules/mail_module.hpp"
#include "app/modules/routes.hpp"
#include "app/modules/settings_module.hpp"
#include "app/platform.hpp"
#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/apps/credential_service.hpp"
#include "domain/apps/custom_credential_service.hpp"

namespace atrium::app {

// Developer apps, access requests and credentials (DESIGN §10): the admin API and the Live
// Portal's apps pages.
struct AppsModule {
  AppsModule(Platform& platform, MailModule& mail, SettingsModule& settings);
  void add_routes(const Routes& routes);

  const Clock& clock;
  AppService apps;
  AccessRequestService requests;
  CredentialService credentials;
  CustomCredentialService custom;
};

}  // namespace atrium::app
