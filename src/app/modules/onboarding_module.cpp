#include "app/modules/onboarding_module.hpp"

#include "http/api/invitation_routes.hpp"
#include "http/api/invite_code_routes.hpp"
#include "http/api/registration_routes.hpp"
#include "http/api/user_activation_routes.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/admin/registration_requests_page.hpp"
#include "web/live/invitation_pages.hpp"
#include "web/live/password_pages.hpp"
#include "web/live/registration_pages.hpp"

namespace atrium::app {

OnboardingModule::OnboardingModule(Platform& platform, DirectoryModule& directory, MailModule& mail,
                                   SettingsModule& settings)
    : users(directory.users),
      organisations(directory.organisations),
      deps{*platform.database,
           platform.password_hasher,
           platform.password_rules,
           platform.random,
           platform.token_hasher,
           platform.clock,
           mail.mailer,
           settings.settings,
           MailLimits{platform.config.throttle.mail_per_address,
                      platform.config.throttle.mail_per_email}},
      invitations(deps),
      registrations(deps),
      resets(deps),
      invite_codes(*platform.database, platform.random, platform.clock) {
  // Users created without a password get an invitation; activation changes are emailed.
  directory.users.set_hooks(&invitations);
}

void OnboardingModule::add_routes(const Routes& routes) {
  http::add_user_activation_routes(routes.router, routes.tokens, users, invitations);
  http::add_invitation_routes(routes.router, routes.tokens, invitations);
  http::add_registration_routes(routes.router, routes.tokens, registrations);
  http::add_invite_code_routes(routes.router, routes.tokens, invite_codes);
  web::add_registration_pages(routes.router, routes.pages, registrations, invitations, resets);
  web::add_password_pages(routes.router, routes.pages, invitations, resets);
  web::add_invitation_pages(routes.router, routes.pages, invitations, users);
  web::add_registration_requests_page(routes.router, routes.pages, registrations);
  web::add_invite_code_pages(routes.router, routes.pages,
                             {invite_codes, organisations, deps.mailer, deps.clock});
  web::add_invitation_admin_pages(routes.router, routes.pages,
                                  {invitations, organisations, deps.clock});
}

}  // namespace atrium::app
