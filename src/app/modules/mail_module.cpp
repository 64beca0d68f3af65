#include "app/modules/mail_module.hpp"

#include "app/theme.hpp"
#include "http/api/outbox_routes.hpp"
#include "web/admin/admin_pages.hpp"

namespace atrium::app {

MailModule::MailModule(Platform& platform)
    : smtp_sender(platform.clock, platform.random),
      composer(theme_dir(platform.config)),
      mailer(composer, MailerOptions{platform.config.public_url, platform.config.portal_name}),
      outbox(*platform.database) {}

void MailModule::add_routes(const Routes& routes) {
  http::add_outbox_routes(routes.router, routes.tokens, outbox);
  web::add_outbox_pages(routes.router, routes.pages, outbox);
}

}  // namespace atrium::app
