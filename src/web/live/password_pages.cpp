#include "web/live/password_pages.hpp"

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

using Ctx = PasswordPages;

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
  return anonymous_page(c.pages, request, status, "set_password", view);
}

http::Response show_password_form(const Ctx& c, const http::Request& request,
                                  const PasswordLinkPage& page, const std::string& token) {
  auto user =
      &page == &kInvitationPage ? c.invitations.invited_user(token) : c.resets.reset_user(token);
  if (!user) {
    if (is_link_error(user.error())) return link_refused(c.pages, user.error(), page.refused_next);
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
    auto user = c.invitations.accept_invitation(input, requester_of(request));
    if (!user) status = fail(user.error());
  } else {
    status = c.resets.complete_reset(input, requester_of(request));
  }
  if (status) {
    return &page == &kInvitationPage
               ? done_page(c.pages, "Your account is ready", "Your password is set.", true)
               : done_page(c.pages, "Password changed",
                           "Your password is changed and every session of your account has "
                           "ended.",
                           true);
  }
  const Error& e = status.error();
  if (is_link_error(e)) return link_refused(c.pages, e, page.refused_next);
  if (e.code == ErrorCode::kInvalidArgument) {
    auto user = &page == &kInvitationPage ? c.invitations.invited_user(input.token)
                                          : c.resets.reset_user(input.token);
    if (!user) return link_refused(c.pages, user.error(), page.refused_next);
    return password_form(c, request, page, *user, input.token, 400, &e);
  }
  return unexpected(c.pages, request, e);
}

http::Response reset_request_form(const Ctx& c, const http::Request& request, int status,
                                  const Form& form, const Error* error) {
  nlohmann::json view = base_view(c.pages, "Forgot your password?", nullptr);
  view["form"] = {{"Email", form_value(form, "Email")}};
  if (error != nullptr) add_error_to_form(view, *error);
  return anonymous_page(c.pages, request, status, "reset_request", view);
}

http::Response submit_reset_request(const Ctx& c, http::Request& request) {
  const Form form = http::parse_query(request.body);
  if (!anonymous_csrf_ok(c.pages, request, form)) return csrf_refused(c.pages);
  const Status status = c.resets.request_reset(form_value(form, "Email"), requester_of(request));
  if (status) {
    return done_page(c.pages, "Check your email",
                     "If " + form_value(form, "Email") +
                         " belongs to an account, a link to choose a new password is on its "
                         "way. It works once, for a limited time.",
                     false);
  }
  const Error& e = status.error();
  if (e.code == ErrorCode::kInvalidArgument) return reset_request_form(c, request, 400, form, &e);
  if (e.code == ErrorCode::kRateLimited) return rate_limited(c.pages, e);
  return unexpected(c.pages, request, e);
}

}  // namespace

http::Response show_invitation_password(const PasswordPages& c, const http::Request& request,
                                        const std::string& token) {
  return show_password_form(c, request, kInvitationPage, token);
}

http::Response submit_invitation_password(const PasswordPages& c, http::Request& request,
                                          const Form& form) {
  return submit_password_form(c, request, kInvitationPage, form);
}

void add_password_pages(http::Router& router, const AuthPages& pages,
                        InvitationService& invitations, PasswordResetService& resets) {
  const Ctx c{pages, invitations, resets};
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
}

}  // namespace atrium::web
