#include <nlohmann/json.hpp>

#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

void add_admin_home_page(http::Router& router, const AuthPages& pages,
                         const AdminDirectory& directory) {
  router.add(
      "GET", "/admin",
      owners_only(pages, [&pages, directory](http::Request& request, const ActiveSession& session) {
        const Actor actor = actor_of(session, request);
        auto users = directory.users.list(actor, {}, {1, 1});
        if (!users) return error_page(pages, request, users.error(), &session);
        auto pending =
            directory.registrations.list_registrations(actor, RegistrationState::kPending, {1, 1});
        if (!pending) return error_page(pages, request, pending.error(), &session);
        nlohmann::json view = admin_view(pages, session, "Admin Portal", "overview");
        view["account"] = {{"name", full_name(session.user)},
                           {"email", session.user.email},
                           {"role", role_label(session.user.role)}};
        view["users_total"] = std::to_string(users->total);
        view["pending_total"] = pending->total;
        return html_page(200, pages.renderer.render("admin_home", view));
      }));
}

}  // namespace atrium::web
