#pragma once

#include "app/modules/directory_module.hpp"
#include "app/modules/onboarding_module.hpp"
#include "app/modules/routes.hpp"
#include "web/admin/user_pages.hpp"

namespace atrium::app {

// The Admin Portal's frame pages (DESIGN §12): the overview, users, organisations and teams, and
// the owner's API tokens.
// Builds nothing of its own: the pages call the directory and onboarding modules' services.
// (Registration approvals are added by the onboarding module; other areas add their pages in
// their own modules, and a line to the side navigation.)
struct AdminModule {
  AdminModule(DirectoryModule& directory_module, OnboardingModule& onboarding);
  void add_routes(const Routes& routes);

  web::AdminDirectory directory;
};

}  // namespace atrium::app
