#pragma once

#include "app/modules/routes.hpp"
#include "app/platform.hpp"
#include "domain/directory/organisation_removal.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/directory/user_service.hpp"

namespace atrium::app {

// The consumer directory (DESIGN §1–§2): users, organisations and teams over the admin API, and
// the users a consumer may see in the Live Portal. Lists are answered from the response cache
// while the directory is unchanged.
struct DirectoryModule {
  explicit DirectoryModule(Platform& platform);
  void add_routes(const Routes& routes);

  http::ResponseCache& lists;
  UserService users;
  OrganisationService organisations;
  OrganisationRemoval removal;
};

}  // namespace atrium::app
