#include "web/live/registration_pages.hpp"

#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/json_body.hpp"
#include "web/common/flow_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
#include "web/live/password_pages.hpp"

namespace atrium::web {

namespace {

using std::string_view;

struct Ctx {
  const AuthPages& pages;
  RegistrationService& registrations;
  PasswordPages passwords;
};

http::Response registration_form(const Ctx& c, const http::Request& request, int status,
                                 const Form& form, const Error* error) {
  nlohmann::json view = base_view(c.pages, "Register", nullptr);
  view["form"] = {{"Email", form_value(form, "Email")},
                  {"First", form_value(form, "First")},
                  {"Last", form_value(form, "Last")},
                  {"InviteCode", form_value(form, "InviteCode")}};
  if (error != nullptr) add_error_to_form(view, *error);
  return anonymous_page(c.pages, request, status, "register", view);
}

http::Response registration_closed(const Ctx& c) {
  return message_page(c.pages, 404, "Registration is closed",
                      "This portal does not take registrations. Ask its owners for an "
                      "invitation.");
}

http::Response show_register(const Ctx& c, const http::Request& request) {
  const std::string token = query_token(request);
  if (!token.empty()) return show_invitation_password(c.passwords, request, token);
  if (!c.registrations.registration_open()) return registration_closed(c);
  // An invite code's shared link (/admin/invite-codes) fills the code in.
  const Form prefill = {
      {"InviteCode", std::string(request.query_param("InviteCode").value_or(""))}};
  return registration_form(c, request, 200, prefill, nullptr);
}

http::Response submit_register(const Ctx& c, http::Request& request) {
  const Form form = http::parse_query(request.body);
  if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
  if (!form_value(form, "token").empty()) {
    return submit_invitation_password(c.passwords, request, form);
  }
  RegistrationInput input{form_value(form, "Email"),
                          form_value(form, "First"),
                          form_value(form, "Last"),
                          form_value(form, "Password"),
                          form_value(form, "PasswordConfirmation"),
                          form_value(form, "InviteCode")};
  const Status status = c.registrations.register_user(input, requester_of(request));
  if (status) {
    return done_page(c.pages, "Check your email",
                     "We have sent a message to " + input.email +
                         ". Follow the link in it to confirm your address.",
                     false);
  }
  const Error& e = status.error();
  if (e.id == "registration.closed") return registration_closed(c);
  if (e.code == ErrorCode::kInvalidArgument) return registration_form(c, request, 400, form, &e);
  if (e.code == ErrorCode::kRateLimited) return rate_limited(c.pages, e);
  return unexpected(c.pages, request, e);
}

http::Response show_confirm(const Ctx& c, const http::Request& request) {
  nlohmann::json view = base_view(c.pages, "Confirm your email address", nullptr);
  view["token"] = query_token(request);
  return anonymous_page(c.pages, request, 200, "confirm", view);
}

http::Response submit_confirm(const Ctx& c, http::Request& request) {
  const Form form = http::parse_query(request.body);
  if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
  auto outcome =
      c.registrations.confirm_registration(form_value(form, "token"), requester_of(request));
  if (!outcome) {
    if (is_link_error(outcome.error())) return link_refused(c.pages, outcome.error(), kLoginPath);
    return unexpected(c.pages, request, outcome.error());
  }
  if (*outcome == ConfirmationOutcome::kActive) {
    return done_page(c.pages, "Address confirmed", "Your account is active.", true);
  }
  return done_page(c.pages, "Address confirmed",
                   "Your registration now waits for the portal's owners to approve it. We will "
                   "email you when they have decided.",
                   false);
}

}  // namespace

void add_registration_pages(http::Router& router, const AuthPages& pages,
                            RegistrationService& registrations, InvitationService& invitations,
                            PasswordResetService& resets) {
  const Ctx c{pages, registrations, PasswordPages{pages, invitations, resets}};
  router.add("GET", std::string(kRegisterPath),
             [c](http::Request& request) { return show_register(c, request); });
  router.add("POST", std::string(kRegisterPath),
             [c](http::Request& request) { return submit_register(c, request); });
  router.add("GET", std::string(kConfirmPath),
             [c](http::Request& request) { return show_confirm(c, request); });
  router.add("POST", std::string(kConfirmPath),
             [c](http::Request& request) { return submit_confirm(c, request); });
}

}  // namespace atrium::web
