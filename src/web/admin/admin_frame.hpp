#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

// The Admin Portal's frame: the side navigation (templates/pages/partials/admin_nav.mustache, one
// line per section) and the breadcrumbs above each page. A new section is a line there and a
// `section` key its pages pass to admin_view.
namespace atrium::web {

struct Crumb {
  std::string label;
  std::string href;
};

// A page for API Owners: signed_in, and anyone else gets the 404 page (the services refuse them
// too; this only keeps the frame from showing).
http::Handler owners_only(const AuthPages& pages, SignedInHandler handler);

// base_view plus the frame: `admin_frame`, `current` = {admin, <section>} for the navigation,
// and `breadcrumbs` = Admin › `trail` › `title` (the last one is the page itself).
nlohmann::json admin_view(const AuthPages& pages, const ActiveSession& session, std::string title,
                          std::string_view section, const std::vector<Crumb>& trail = {});

}  // namespace atrium::web
