#include "web/admin/registration_requests_page.hpp"

#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/json_body.hpp"
#include "web/common/flow_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

using std::string_view;

struct Ctx {
  const AuthPages& pages;
  RegistrationService& registrations;
};

constexpr string_view kRequestsPage = "/admin/registration-requests";

http::Response requests_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto pending = c.registrations.list_registrations(
      actor_of(session, request), RegistrationState::kPending, PageRequest{1, kMaxPerPage});
  if (!pending) {
    if (pending.error().code == ErrorCode::kNotFound) {
      return message_page(c.pages, 404, "Not found", "There is no such page.", &session);
    }
    return unexpected(c.pages, request, pending.error());
  }
  nlohmann::json view = base_view(c.pages, "Registrations awaiting approval", &session);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : pending->items) {
    items.push_back({{"id", r.registration.id},
                     {"email", r.user.email},
                     {"name", full_name(r.user)},
                     {"created_at", format_rfc3339(r.registration.created_at)}});
  }
  view["has_requests"] = !items.empty();
  view["requests"] = items;
  if (request.query_param("approved")) {
    view["flashes"] = nlohmann::json::array({{{"text", "Approved; the user has been emailed."}}});
  } else if (request.query_param("rejected")) {
    view["flashes"] = nlohmann::json::array({{{"text", "Rejected; the user has been emailed."}}});
  }
  return html_page(200, c.pages.renderer.render("registration_requests", view));
}

http::Response decide_request(const Ctx& c, http::Request& request, const ActiveSession& session,
                              bool approve) {
  long long id = 0;
  const Actor actor = actor_of(session, request);
  auto decided = !parse_numeric_id(request.param("id"), id)
                     ? Result<RegistrationView>(
                           fail(not_found("registration.not_found", "no such registration")))
                 : approve ? c.registrations.approve_registration(actor, id)
                           : c.registrations.reject_registration(actor, id);
  if (!decided) return error_page(c.pages, request, decided.error(), &session);
  return redirect(std::string(kRequestsPage) + (approve ? "?approved=1" : "?rejected=1"));
}

}  // namespace

void add_registration_requests_page(http::Router& router, const AuthPages& pages,
                                    RegistrationService& registrations) {
  const Ctx c{pages, registrations};
  router.add("GET", std::string(kRequestsPage),
             signed_in(pages, [c](http::Request& request, const ActiveSession& session) {
               return requests_page(c, request, session);
             }));
  for (const bool approve : {true, false}) {
    router.add("POST",
               approve ? "/admin/registration-requests/{id}/approve"
                       : "/admin/registration-requests/{id}/reject",
               signed_in(pages, [c, approve](http::Request& request, const ActiveSession& session) {
                 return decide_request(c, request, session, approve);
               }));
  }
}

}  // namespace atrium::web
