#pragma once

#include "app/background_jobs.hpp"
#include "app/modules/mail_module.hpp"
#include "app/modules/settings_module.hpp"
#include "app/platform.hpp"
#include "domain/mail/outbox_dispatcher.hpp"
#include "http/router.hpp"

namespace atrium::app {

// Running the portal: /healthz, /readyz and /metrics, and the background thread that sends due
// email and does the housekeeping.
struct OpsModule {
  OpsModule(Platform& platform, MailModule& mail, SettingsModule& settings);
  void add_routes(http::Router& router);
  void start() { background.start(); }
  void stop() { background.stop(); }

  Platform& platform;
  OutboxDispatcher outbox_dispatcher;
  BackgroundJobs background;
};

}  // namespace atrium::app
