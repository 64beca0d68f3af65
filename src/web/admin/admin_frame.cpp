#include "web/admin/admin_frame.hpp"

#include <utility>

#include "domain/directory/names.hpp"
#include "web/common/page_support.hpp"

namespace atrium::web {

http::Handler owners_only(const AuthPages& pages, SignedInHandler handler) {
  return signed_in(pages, [&pages, handler = std::move(handler)](http::Request& request,
                                                                 const ActiveSession& session) {
    if (!is_api_owner(session.user.role)) {
      return message_page(pages, 404, "Not found", "There is no such page.", &session);
    }
    return handler(request, session);
  });
}

nlohmann::json admin_view(const AuthPages& pages, const ActiveSession& session, std::string title,
                          std::string_view section, const std::vector<Crumb>& trail) {
  nlohmann::json crumbs = nlohmann::json::array();
  if (section != "overview") {
    crumbs.push_back({{"label", "Admin"}, {"href", "/admin"}});
    for (const Crumb& c : trail) crumbs.push_back({{"label", c.label}, {"href", c.href}});
    // `href: false` rather than absent: mustache would find an outer `href` otherwise.
    crumbs.push_back({{"label", title}, {"href", false}});
  }
  nlohmann::json view = base_view(pages, std::move(title), &session);
  view["admin_frame"] = true;
  view["current"] = {{"admin", true}, {std::string(section), true}};
  if (!crumbs.empty()) {
    view["has_breadcrumbs"] = true;
    view["breadcrumbs"] = std::move(crumbs);
  }
  return view;
}

http::Response admin_confirm_page(const AuthPages& pages, const ActiveSession& session,
                                  const ConfirmStep& step, std::string_view section,
                                  const std::vector<Crumb>& trail) {
  return render_confirm_page(pages, admin_view(pages, session, step.title, section, trail), step);
}

long long page_number(const http::Request& request) {
  long long page = 1;
  auto text = request.query_param("page");
  return text && parse_numeric_id(*text, page) ? page : 1;
}

std::string record_path(std::string_view list, long long id) {
  return std::string(list) + "/" + std::to_string(id);
}

long long path_number(const http::Request& request, std::string_view name) {
  long long id = 0;
  return parse_numeric_id(request.param(name), id) ? id : 0;
}

std::string path_ref(const http::Request& request, std::string_view name) {
  const long long id = path_number(request, name);
  return id > 0 ? std::to_string(id) : std::string();
}

}  // namespace atrium::web
