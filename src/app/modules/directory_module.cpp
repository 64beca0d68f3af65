#include "app/modules/directory_module.hpp"

#include "http/api/organisation_routes.hpp"
#include "http/api/user_routes.hpp"
#include "web/live/consumer_users_page.hpp"
#include "web/live/member_removal_page.hpp"
#include "web/live/user_edit_page.hpp"

namespace atrium::app {

DirectoryModule::DirectoryModule(Platform& platform)
    : lists(platform.list_cache),
      users(*platform.database, platform.password_hasher, platform.password_rules, platform.random,
            platform.clock),
      organisations(*platform.database, platform.random, platform.clock),
      removal(*platform.database, platform.clock) {}

void DirectoryModule::add_routes(const Routes& routes) {
  http::add_user_routes(routes.router, routes.tokens, users, lists);
  http::add_organisation_routes(routes.router, routes.tokens, organisations);
  web::add_consumer_user_pages(routes.router, routes.pages, lists);
  web::add_member_removal_page(routes.router, routes.pages, removal);
  web::add_user_edit_page(routes.router, routes.pages);
}

}  // namespace atrium::app
