#pragma once

#include "app/modules/routes.hpp"
#include "app/platform.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/mail/outbox_service.hpp"
#include "mail/curl_smtp_sender.hpp"
#include "mail/email_templates.hpp"

namespace atrium::app {

// Email (DESIGN §4): the SMTP sender, the templates, the mailer that queues into the outbox, and
// the owners' view of the outbox (GET /portal-api/outbox).
struct MailModule {
  explicit MailModule(Platform& platform);
  void add_routes(const Routes& routes);

  mail::CurlSmtpSender smtp_sender;
  mail::TemplateEmailComposer composer;
  Mailer mailer;
  OutboxService outbox;
};

}  // namespace atrium::app
