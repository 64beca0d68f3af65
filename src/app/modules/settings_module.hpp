#pragma once

#include "app/modules/mail_module.hpp"
#include "app/modules/routes.hpp"
#include "app/platform.hpp"
#include "domain/settings/portal_settings.hpp"

namespace atrium::app {

// Portal settings (registration, approval, invitations, email), with the operator's fixed values
// winning over stored ones; GET/PUT /portal-api/settings and the test email.
struct SettingsModule {
  SettingsModule(Platform& platform, MailModule& mail);
  void add_routes(const Routes& routes);

  SettingsService settings;
};

}  // namespace atrium::app
