#include "app/modules/admin_module.hpp"

#include "web/admin/admin_pages.hpp"

namespace atrium::app {

AdminModule::AdminModule(DirectoryModule& directory_module, OnboardingModule& onboarding)
    : directory{directory_module.users, directory_module.organisations, onboarding.invitations,
                onboarding.registrations} {}

void AdminModule::add_routes(const Routes& routes) {
  web::add_admin_home_page(routes.router, routes.pages, directory);
  web::add_admin_user_pages(routes.router, routes.pages, directory);
  web::add_organisation_pages(routes.router, routes.pages, directory);
  web::add_api_token_pages(routes.router, routes.pages, routes.tokens);
}

}  // namespace atrium::app
