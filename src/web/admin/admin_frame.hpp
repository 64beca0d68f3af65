#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
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

// Adds an owners-only route answered by `page(c, request, session)`; `c` (a page file's context,
// with its `pages`) is copied into the route.
template <typename Ctx>
void add_owner_page(
    http::Router& router, const Ctx& c, const char* method, const std::string& path,
    std::type_identity_t<http::Response (*)(const Ctx&, http::Request&, const ActiveSession&)>
        page) {
  router.add(method, path,
             owners_only(c.pages, [c, page](http::Request& request, const ActiveSession& session) {
               return page(c, request, session);
             }));
}

// base_view plus the frame: `admin_frame`, `current` = {admin, <section>} for the navigation,
// and `breadcrumbs` = Admin › `trail` › `title` (the last one is the page itself).
nlohmann::json admin_view(const AuthPages& pages, const ActiveSession& session, std::string title,
                          std::string_view section, const std::vector<Crumb>& trail = {});

}  // namespace atrium::web
