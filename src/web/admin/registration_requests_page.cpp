#include "web/admin/registration_requests_page.hpp"

#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/json_body.hpp"
#include "web/admin/admin_frame.hpp"
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

Result<PageOf<RegistrationView>> pending_of(const Ctx& c, const Actor& actor) {
  return c.registrations.list_registrations(actor, RegistrationState::kPending,
                                            PageRequest{1, kMaxPerPage});
}

http::Response requests_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto pending = pending_of(c, actor_of(session, request));
  if (!pending) return error_page(c.pages, request, pending.error(), &session);
  nlohmann::json view =
      admin_view(c.pages, session, "Registrations awaiting approval", "registrations");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : pending->items) {
    items.push_back({{"id", r.registration.id},
                     {"email", r.user.email},
                     {"name", full_name(r.user)},
                     {"registered", time_view(r.registration.created_at)}});
  }
  view["has_requests"] = !items.empty();
  view["requests"] = items;
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
  const std::string& email = decided->user.email;
  return redirect_with_flash(c.pages, session, std::string(kRequestsPage),
                             (approve ? "Approved " + email + ". " : "Rejected " + email + ". ") +
                                 email_note(c.pages, session, email));
}

// GET …/reject: the confirmation step (its form posts to the same path).
http::Response confirm_reject(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto pending = pending_of(c, actor_of(session, request));
  if (!pending) return error_page(c.pages, request, pending.error(), &session);
  long long id = 0;
  if (parse_numeric_id(request.param("id"), id)) {
    for (const auto& r : pending->items) {
      if (r.registration.id != id) continue;
      return admin_confirm_page(
          c.pages, session,
          ConfirmStep{"Reject the registration?",
                      r.user.email +
                          " is told by email that the registration was not approved. The "
                          "account stays inactive (an owner may delete it later).",
                      std::string(kRequestsPage) + "/" + std::to_string(id) + "/reject",
                      "Reject registration", std::string(kRequestsPage)},
          "registrations", {{"Registrations", std::string(kRequestsPage)}});
    }
  }
  return message_page(c.pages, 404, "Not found", "No such registration is waiting.", &session);
}

}  // namespace

void add_registration_requests_page(http::Router& router, const AuthPages& pages,
                                    RegistrationService& registrations) {
  const Ctx c{pages, registrations};
  router.add("GET", std::string(kRequestsPage),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return requests_page(c, request, session);
             }));
  router.add("GET", "/admin/registration-requests/{id}/reject",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return confirm_reject(c, request, session);
             }));
  for (const bool approve : {true, false}) {
    router.add(
        "POST",
        approve ? "/admin/registration-requests/{id}/approve"
                : "/admin/registration-requests/{id}/reject",
        owners_only(pages, [c, approve](http::Request& request, const ActiveSession& session) {
          return decide_request(c, request, session, approve);
        }));
  }
}

}  // namespace atrium::web
