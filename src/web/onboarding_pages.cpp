#include "web/onboarding_pages.hpp"

#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/json_body.hpp"
#include "web/html.hpp"
#include "web/page_support.hpp"
#include "web/view_helpers.hpp"

namespace atrium::web {

namespace {

using std::string_view;

constexpr string_view kInvitePage = "/portal/private/users/invite";

struct Ctx {
  const AuthPages& pages;
  OnboardingService& onboarding;
  UserService& users;
};

Requester requester_of(const http::Request& request) { return Requester{request.remote_address}; }

std::string query_token(const http::Request& request) {
  return std::string(request.query_param("token").value_or(""));
}

// Renders an anonymous form page, setting the pre-session CSRF cookie when needed.
http::Response anonymous_page(const Ctx& c, const http::Request& request, int status,
                              string_view page, nlohmann::json view) {
  http::Response response;
  view["csrf_token"] =
      c.pages.sessions.csrf_token(anonymous_csrf_token(c.pages, request, &response));
  http::Response page_response = html_page(status, c.pages.renderer.render(page, view));
  for (const auto& [name, value] : response.headers) page_response.add_header(name, value);
  return page_response;
}

http::Response rate_limited(const Ctx& c, const Error& error) {
  http::Response r = message_page(c.pages, 429, "Too many requests", error.message + ".");
  r.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  return r;
}

// A refused link gets a page saying why and what to do next.
http::Response link_refused(const Ctx& c, const Error& error, string_view next) {
  nlohmann::json view = base_view(c.pages, "This link cannot be used", nullptr);
  view["text"] = error.message + ".";
  view["link"] = {
      {"href", std::string(next)},
      {"label", next == kResetRequestPath ? "Ask for a new link" : "Go to the sign-in page"}};
  return html_page(400, c.pages.renderer.render("message", view));
}

bool is_link_error(const Error& error) { return error.id.rfind("link.", 0) == 0; }

http::Response done_page(const Ctx& c, string_view title, string_view text, bool sign_in_link) {
  nlohmann::json view = base_view(c.pages, std::string(title), nullptr);
  view["text"] = std::string(text);
  if (sign_in_link) view["link"] = {{"href", std::string(kLoginPath)}, {"label", "Sign in"}};
  return html_page(200, c.pages.renderer.render("message", view));
}

// ---- set a password through a link (invitation or reset) ----

struct PasswordLinkPage {
  string_view title;
  string_view intro;
  string_view action;
  string_view button;
  string_view refused_next;
};

constexpr PasswordLinkPage kInvitationPage{"Set your password", "Choose a password for",
                                           kRegisterPath, "Set password and activate", kLoginPath};
constexpr PasswordLinkPage kResetPage{"Choose a new password", "Choose a new password for",
                                      kResetPath, "Change password", kResetRequestPath};

http::Response password_form(const Ctx& c, const http::Request& request,
                             const PasswordLinkPage& page, const User& user,
                             const std::string& token, int status, const Error* error) {
  nlohmann::json view = base_view(c.pages, std::string(page.title), nullptr);
  view["intro"] = std::string(page.intro);
  view["email"] = user.email;
  view["token"] = token;
  view["action"] = std::string(page.action);
  view["button"] = std::string(page.button);
  if (error != nullptr) add_error_to_form(view, *error);
  return anonymous_page(c, request, status, "set_password", view);
}

http::Response show_password_form(const Ctx& c, const http::Request& request,
                                  const PasswordLinkPage& page, const std::string& token) {
  auto user =
      &page == &kInvitationPage ? c.onboarding.invited_user(token) : c.onboarding.reset_user(token);
  if (!user) {
    if (is_link_error(user.error())) return link_refused(c, user.error(), page.refused_next);
    return unexpected(c.pages, request, user.error());
  }
  return password_form(c, request, page, *user, token, 200, nullptr);
}

http::Response submit_password_form(const Ctx& c, http::Request& request,
                                    const PasswordLinkPage& page, const Form& form) {
  NewPasswordInput input{form_value(form, "token"), form_value(form, "Password"),
                         form_value(form, "PasswordConfirmation")};
  Status status = ok();
  if (&page == &kInvitationPage) {
    auto user = c.onboarding.accept_invitation(input, requester_of(request));
    if (!user) status = fail(user.error());
  } else {
    status = c.onboarding.complete_reset(input, requester_of(request));
  }
  if (status) {
    return &page == &kInvitationPage
               ? done_page(c, "Your account is ready", "Your password is set.", true)
               : done_page(c, "Password changed",
                           "Your password is changed and every session of your account has "
                           "ended.",
                           true);
  }
  const Error& e = status.error();
  if (is_link_error(e)) return link_refused(c, e, page.refused_next);
  if (e.code == ErrorCode::kInvalidArgument) {
    auto user = &page == &kInvitationPage ? c.onboarding.invited_user(input.token)
                                          : c.onboarding.reset_user(input.token);
    if (!user) return link_refused(c, user.error(), page.refused_next);
    return password_form(c, request, page, *user, input.token, 400, &e);
  }
  return unexpected(c.pages, request, e);
}

// ---- self-registration ----

http::Response registration_form(const Ctx& c, const http::Request& request, int status,
                                 const Form& form, const Error* error) {
  nlohmann::json view = base_view(c.pages, "Register", nullptr);
  view["form"] = {{"Email", form_value(form, "Email")},
                  {"First", form_value(form, "First")},
                  {"Last", form_value(form, "Last")},
                  {"InviteCode", form_value(form, "InviteCode")}};
  if (error != nullptr) add_error_to_form(view, *error);
  return anonymous_page(c, request, status, "register", view);
}

http::Response registration_closed(const Ctx& c) {
  return message_page(c.pages, 404, "Registration is closed",
                      "This portal does not take registrations. Ask its owners for an "
                      "invitation.");
}

http::Response show_register(const Ctx& c, const http::Request& request) {
  const std::string token = query_token(request);
  if (!token.empty()) return show_password_form(c, request, kInvitationPage, token);
  if (!c.onboarding.registration_open()) return registration_closed(c);
  return registration_form(c, request, 200, {}, nullptr);
}

http::Response submit_register(const Ctx& c, http::Request& request) {
  const Form form = http::parse_query(request.body);
  if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
  if (!form_value(form, "token").empty()) {
    return submit_password_form(c, request, kInvitationPage, form);
  }
  RegistrationInput input{form_value(form, "Email"),
                          form_value(form, "First"),
                          form_value(form, "Last"),
                          form_value(form, "Password"),
                          form_value(form, "PasswordConfirmation"),
                          form_value(form, "InviteCode")};
  const Status status = c.onboarding.register_user(input, requester_of(request));
  if (status) {
    return done_page(c, "Check your email",
                     "We have sent a message to " + input.email +
                         ". Follow the link in it to confirm your address.",
                     false);
  }
  const Error& e = status.error();
  if (e.id == "registration.closed") return registration_closed(c);
  if (e.code == ErrorCode::kInvalidArgument) return registration_form(c, request, 400, form, &e);
  if (e.code == ErrorCode::kRateLimited) return rate_limited(c, e);
  return unexpected(c.pages, request, e);
}

http::Response show_confirm(const Ctx& c, const http::Request& request) {
  nlohmann::json view = base_view(c.pages, "Confirm your email address", nullptr);
  view["token"] = query_token(request);
  return anonymous_page(c, request, 200, "confirm", view);
}

http::Response submit_confirm(const Ctx& c, http::Request& request) {
  const Form form = http::parse_query(request.body);
  if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
  auto outcome =
      c.onboarding.confirm_registration(form_value(form, "token"), requester_of(request));
  if (!outcome) {
    if (is_link_error(outcome.error())) return link_refused(c, outcome.error(), kLoginPath);
    return unexpected(c.pages, request, outcome.error());
  }
  if (*outcome == ConfirmationOutcome::kActive) {
    return done_page(c, "Address confirmed", "Your account is active.", true);
  }
  return done_page(c, "Address confirmed",
                   "Your registration now waits for the portal's owners to approve it. We will "
                   "email you when they have decided.",
                   false);
}

// ---- password reset ----

http::Response reset_request_form(const Ctx& c, const http::Request& request, int status,
                                  const Form& form, const Error* error) {
  nlohmann::json view = base_view(c.pages, "Forgot your password?", nullptr);
  view["form"] = {{"Email", form_value(form, "Email")}};
  if (error != nullptr) add_error_to_form(view, *error);
  return anonymous_page(c, request, status, "reset_request", view);
}

http::Response submit_reset_request(const Ctx& c, http::Request& request) {
  const Form form = http::parse_query(request.body);
  if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
  const Status status =
      c.onboarding.request_reset(form_value(form, "Email"), requester_of(request));
  if (status) {
    return done_page(c, "Check your email",
                     "If " + form_value(form, "Email") +
                         " belongs to an account, a link to choose a new password is on its "
                         "way. It works once, for a limited time.",
                     false);
  }
  const Error& e = status.error();
  if (e.code == ErrorCode::kInvalidArgument) return reset_request_form(c, request, 400, form, &e);
  if (e.code == ErrorCode::kRateLimited) return rate_limited(c, e);
  return unexpected(c.pages, request, e);
}

// ---- a consumer-admin's invitations ----

bool wants_json(const http::Request& request) {
  const auto type = request.header("content-type").value_or("");
  return type.rfind("application/json", 0) == 0;
}

nlohmann::json invitation_item(const InvitationView& v) {
  return {{"id", v.invitation.id},
          {"email", v.user.email},
          {"name", v.user.first + " " + v.user.last},
          {"expires_at", format_rfc3339(v.invitation.expires_at)}};
}

http::Response invite_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                           int status, const Form& form, const Error* error,
                           const std::string& flash) {
  const Actor actor = actor_of(session, request);
  if (session.user.role != Role::kConsumerAdmin) {
    return message_page(c.pages, 404, "Not found", "There is no such page.", &session);
  }
  auto me = c.users.get(actor, std::to_string(session.user.id));
  if (!me) return unexpected(c.pages, request, me.error());
  auto pending = c.onboarding.list_invitations(actor, PageRequest{1, kMaxPerPage});
  if (!pending) return unexpected(c.pages, request, pending.error());
  nlohmann::json view = base_view(c.pages, "Invite a user", &session);
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : me->teams) teams.push_back({{"id", t.id}, {"name", t.name}});
  view["teams"] = teams;
  nlohmann::json invitations = nlohmann::json::array();
  for (const auto& v : pending->items) invitations.push_back(invitation_item(v));
  view["has_invitations"] = !invitations.empty();
  view["invitations"] = invitations;
  view["form"] = {{"Email", form_value(form, "Email")},
                  {"First", form_value(form, "First")},
                  {"Last", form_value(form, "Last")}};
  if (!flash.empty()) view["flashes"] = nlohmann::json::array({{{"text", flash}}});
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("invite", view));
}

Result<InviteInput> invite_from_json(const http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(std::move(body).error());
  http::ObjectReader reader(*body);
  InviteInput in;
  in.email = reader.optional_string("Email");
  in.first = reader.optional_string("First");
  in.last = reader.optional_string("Last");
  in.role = reader.optional_string("Role");
  if (const auto* teams = reader.optional_raw("Teams")) {
    if (teams->is_array()) {
      for (const auto& t : *teams) {
        if (t.is_number_integer()) in.teams.push_back(t.get<long long>());
      }
    }
    if (!teams->is_array() || in.teams.size() != teams->size()) {
      reader.add_field_error("Teams", "must be an array of team IDs");
    }
  }
  ATRIUM_TRY(reader.finish());
  return in;
}

InviteInput invite_from_form(const Form& form) {
  InviteInput in;
  in.email = form_value(form, "Email");
  in.first = form_value(form, "First");
  in.last = form_value(form, "Last");
  in.role = form_value(form, "Role");
  if (in.role->empty()) in.role.reset();
  for (const auto& [name, value] : form) {
    if (name != "Teams") continue;
    long long id = 0;
    if (parse_numeric_id(value, id)) in.teams.push_back(id);
  }
  return in;
}

http::Response submit_invite(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  if (wants_json(request)) {
    auto input = invite_from_json(request);
    if (!input) return http::failure(request, input.error());
    auto invited = c.onboarding.invite(actor, *input);
    if (!invited) return http::failure(request, invited.error());
    return http::Response::json(201,
                                {{"InvitationID", invited->invitation.id},
                                 {"UserID", invited->user.id},
                                 {"Email", invited->user.email},
                                 {"Active", invited->user.active},
                                 {"ExpiresAt", format_rfc3339(invited->invitation.expires_at)}});
  }
  const Form form = http::parse_query(request.body);
  auto invited = c.onboarding.invite(actor, invite_from_form(form));
  if (!invited) {
    const Error& e = invited.error();
    if (e.code == ErrorCode::kRateLimited) return rate_limited(c, e);
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kForbidden ||
        e.code == ErrorCode::kConflict) {
      Error shown = e;
      if (shown.id == "invitation.team_forbidden") shown.fields = {{"Teams", e.message}};
      if (shown.id == "user.email_taken") shown.fields = {{"Email", e.message}};
      const int status = e.code == ErrorCode::kInvalidArgument ? 400
                         : e.code == ErrorCode::kConflict      ? 409
                                                               : 403;
      return invite_page(c, request, session, status, form, &shown, "");
    }
    return unexpected(c.pages, request, e);
  }
  return redirect(std::string(kInvitePage) + "?sent=1");
}

// The JSON twin of an invite needs no CSRF form token: a cross-site page cannot send
// application/json without a CORS preflight, and the session cookie is SameSite.
http::Handler invite_handler(const Ctx& c) {
  auto form_route = signed_in(c.pages, [c](http::Request& request, const ActiveSession& session) {
    return submit_invite(c, request, session);
  });
  return [c, form_route](http::Request& request) {
    if (!wants_json(request)) return form_route(request);
    const auto token = http::cookie_value(request, c.pages.cookie.name);
    auto session = token ? c.pages.sessions.resolve(*token)
                         : Result<ActiveSession>(fail(unauthenticated("sign in first")));
    if (!session) return http::failure(request, session.error());
    return submit_invite(c, request, *session);
  };
}

http::Response invitation_action(const Ctx& c, http::Request& request, const ActiveSession& session,
                                 bool resend) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) {
    return message_page(c.pages, 404, "Not found", "There is no such invitation.", &session);
  }
  const Actor actor = actor_of(session, request);
  const Status status = resend ? c.onboarding.resend_invitation(actor, id).map([](auto&&) {})
                               : c.onboarding.revoke_invitation(actor, id);
  if (!status) {
    const Error& e = status.error();
    if (e.code == ErrorCode::kNotFound) {
      return message_page(c.pages, 404, "Not found", "There is no such invitation.", &session);
    }
    if (e.code == ErrorCode::kRateLimited) return rate_limited(c, e);
    return unexpected(c.pages, request, e);
  }
  return redirect(std::string(kInvitePage) + (resend ? "?resent=1" : "?revoked=1"));
}

// ---- an owner's queue of registrations awaiting approval ----

constexpr string_view kRequestsPage = "/admin/registration-requests";

http::Response requests_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto pending = c.onboarding.list_registrations(
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
                     {"name", r.user.first + " " + r.user.last},
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
                     ? Result<RegistrationView>(fail(not_found("registration.not_found", "")))
                 : approve ? c.onboarding.approve_registration(actor, id)
                           : c.onboarding.reject_registration(actor, id);
  if (!decided) {
    const Error& e = decided.error();
    if (e.code == ErrorCode::kNotFound) {
      return message_page(c.pages, 404, "Not found", "There is no such registration.", &session);
    }
    if (e.code == ErrorCode::kConflict) {
      return message_page(c.pages, 409, "Already decided", e.message + ".", &session);
    }
    return unexpected(c.pages, request, e);
  }
  return redirect(std::string(kRequestsPage) + (approve ? "?approved=1" : "?rejected=1"));
}

}  // namespace

void add_onboarding_pages(http::Router& router, const AuthPages& pages,
                          OnboardingService& onboarding, UserService& users) {
  const Ctx c{pages, onboarding, users};
  router.add("GET", std::string(kRegisterPath),
             [c](http::Request& request) { return show_register(c, request); });
  router.add("POST", std::string(kRegisterPath),
             [c](http::Request& request) { return submit_register(c, request); });
  router.add("GET", std::string(kConfirmPath),
             [c](http::Request& request) { return show_confirm(c, request); });
  router.add("POST", std::string(kConfirmPath),
             [c](http::Request& request) { return submit_confirm(c, request); });
  router.add("GET", std::string(kResetRequestPath), [c](http::Request& request) {
    return reset_request_form(c, request, 200, {}, nullptr);
  });
  router.add("POST", std::string(kResetRequestPath),
             [c](http::Request& request) { return submit_reset_request(c, request); });
  router.add("GET", std::string(kResetPath), [c](http::Request& request) {
    return show_password_form(c, request, kResetPage, query_token(request));
  });
  router.add("POST", std::string(kResetPath), [c](http::Request& request) {
    const Form form = http::parse_query(request.body);
    if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
    return submit_password_form(c, request, kResetPage, form);
  });
  router.add("GET", std::string(kInvitePage),
             signed_in(pages, [c](http::Request& request, const ActiveSession& session) {
               std::string flash;
               if (request.query_param("sent")) flash = "Invitation sent.";
               if (request.query_param("resent"))
                 flash = "Invitation sent again; the old link no longer works.";
               if (request.query_param("revoked")) flash = "Invitation revoked.";
               return invite_page(c, request, session, 200, {}, nullptr, flash);
             }));
  router.add("POST", std::string(kInvitePage), invite_handler(c));
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
  for (const bool resend : {true, false}) {
    router.add("POST",
               resend ? "/portal/private/users/invitations/{id}/resend"
                      : "/portal/private/users/invitations/{id}/revoke",
               signed_in(pages, [c, resend](http::Request& request, const ActiveSession& session) {
                 return invitation_action(c, request, session, resend);
               }));
  }
}

}  // namespace atrium::web
