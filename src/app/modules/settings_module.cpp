#include "app/modules/settings_module.hpp"

#include "http/api/settings_routes.hpp"
#include "web/admin/admin_pages.hpp"

namespace atrium::app {

namespace {

// Email settings the operator fixed (any source but the default) win over stored ones.
SettingsOverrides settings_overrides(const Config& config) {
  SettingsOverrides o;
  auto set = [&](std::string_view key) { return config.source_of(key) != ConfigSource::kDefault; };
  const EmailConfig& e = config.email;
  if (set("Email.SMTPHost")) o.smtp_host = e.smtp_host;
  if (set("Email.SMTPPort")) o.smtp_port = e.smtp_port;
  if (set("Email.SMTPTLS")) {
    if (auto tls = parse_smtp_tls(e.smtp_tls)) o.smtp_tls = *tls;
  }
  if (set("Email.SMTPUsername")) o.smtp_user = e.smtp_username;
  if (set("Email.SMTPPassword")) o.smtp_password = e.smtp_password;
  if (set("Email.From")) o.email_from = e.from;
  if (set("Email.Admin")) o.email_admin = e.admin;
  o.smtp_ca_file = e.smtp_ca_file;
  return o;
}

}  // namespace

SettingsModule::SettingsModule(Platform& platform, MailModule& mail)
    : settings(*platform.database, mail.smtp_sender, mail.mailer, platform.clock,
               settings_overrides(platform.config)) {}

void SettingsModule::add_routes(const Routes& routes) {
  http::add_settings_routes(routes.router, routes.tokens, settings);
  web::add_settings_pages(routes.router, routes.pages, settings);
}

}  // namespace atrium::app
