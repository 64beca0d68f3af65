#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "http/error_mapping.hpp"
#include "http/router.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
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

// A form the service refused: `form_page(status, &error)` (the form again, the error beside its
// field) for what a form shows there (kInvalidArgument, kConflict), else the error page.
template <typename FormPage>
http::Response form_refused(const AuthPages& pages, const http::Request& request,
                            const ActiveSession& session, const Error& error, FormPage form_page) {
  if (error.code != ErrorCode::kInvalidArgument && error.code != ErrorCode::kConflict) {
    return error_page(pages, request, error, &session);
  }
  return form_page(http::http_status(error.code), &error);
}

// base_view plus the frame: `admin_frame`, `current` = {admin, <section>} for the navigation,
// and `breadcrumbs` = Admin › `trail` › `title` (the last one is the page itself).
nlohmann::json admin_view(const AuthPages& pages, const ActiveSession& session, std::string title,
                          std::string_view section, const std::vector<Crumb>& trail = {});

// confirm_page in the frame: the side navigation with `section` current, and the breadcrumbs
// Admin › `trail` › the step's title.
http::Response admin_confirm_page(const AuthPages& pages, const ActiveSession& session,
                                  const ConfirmStep& step, std::string_view section,
                                  const std::vector<Crumb>& trail);

// A record's page below its list: record_path("/admin/users", 42) is "/admin/users/42".
std::string record_path(std::string_view list, long long id);

// The path parameter `name` as a positive number; 0 (which names nothing) otherwise.
long long path_number(const http::Request& request, std::string_view name = "id");
// The same as text for the services that take a reference: "" (no record has it) for what is no
// number (a CID is not a page of ours).
std::string path_ref(const http::Request& request, std::string_view name = "id");

// A list page's status: 200 for filters that could be read, else 400 with their errors in `view`
// (the summary names each filter by its label in `labels`; the list is shown unfiltered).
template <typename Filter>
int filter_status(nlohmann::json& view, const Result<Filter>& filter, FieldLabels labels) {
  if (filter) return 200;
  add_error_to_form(view, filter.error(), labels);
  return 400;
}

// Offset paging of a list page (Tyk's `page`): the request's `page` parameter, 1 when absent or
// not a positive number.
long long page_number(const http::Request& request);

}  // namespace atrium::web
