#include "web/live/auth_pages.hpp"

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"
#include "domain/auth/actor.hpp"
#include "http/dispatcher.hpp"
#include "http/request.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/upload_form.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {
constexpr std::string_view kLoginPath = "/auth/password/login";
constexpr std::string_view kChangePasswordPath = "/auth/password/change";

std::string landing_path(const User& user) {
  if (user.reset_password) return std::string(kChangePasswordPath);
  return is_api_owner(user.role) ? "/admin" : "/portal/private/dashboard";
}

// Where a sign-in returns to: the page that asked for it, when it is a path on this site.
std::string next_of(std::optional<std::string_view> next) {
  const std::string path = local_path_or(next.value_or(""), "");
  // The sign-in page itself (and its form's target) would bring the user straight back here.
  return path.starts_with(kLoginPath) ? std::string() : path;
}

// The login page's address that returns to the current request afterwards (GETs only: a
// form's POST cannot be replayed through a redirect).
std::string login_path_for(const http::Request& request) {
  if (request.method != "GET" || request.path == "/") return std::string(kLoginPath);
  std::string here = request.path;
  if (!request.query.empty()) here += "?" + http::query_string(request.query);
  return std::string(kLoginPath) + "?next=" + http::percent_encode(here);
}

struct LoginForm {
  std::string email;
  std::string error;
  std::string notice;
  std::string next;
};

http::Response login_page(const AuthPages& pages, int status, const std::string& pre_token,
                          const LoginForm& form) {
  nlohmann::json view = base_view(pages, "Sign in", nullptr);
  view["next"] = form.next;
  view["csrf_token"] = pages.sessions.csrf_token(pre_token);
  view["email"] = form.email;
  view["error"] = form.error;
  view["notice"] = form.notice;
  view["registration_open"] = pages.registration_open && pages.registration_open();
  view["password_reset_open"] = true;
  view["current"] = {{"login", true}};
  return html_page(status, pages.renderer.render("login", view));
}

http::Response show_login(const AuthPages& pages, const http::Request& request) {
  // Shown even to a signed-in user (to sign in as someone else): a successful login ends the
  // session the browser had before.
  auto pre = http::cookie_value(request, login_csrf_cookie(pages));
  std::string token =
      pre && !pre->empty() && pre->size() <= 128 ? *pre : pages.sessions.new_token();
  http::Response response =
      login_page(pages, 200, token, LoginForm{"", "", "", next_of(request.query_param("next"))});
  if (!pre || *pre != token) {
    response.add_header("Set-Cookie",
                        http::set_cookie(login_csrf_cookie(pages), token, cookie_options(pages)));
  }
  return response;
}

http::Response submit_login(const AuthPages& pages, http::Request& request) {
  const Form form = http::parse_query(request.body);
  const auto pre = http::cookie_value(request, login_csrf_cookie(pages));
  if (!pre || pre->empty() || form_value(form, "csrf_token") != pages.sessions.csrf_token(*pre)) {
    return csrf_refused(pages);
  }
  const std::string email = form_value(form, "email");
  const std::string next = next_of(form_value(form, "next"));
  auto result = pages.login.login(email, form_value(form, "password"), request.remote_address,
                                  user_agent(request));
  if (!result) {
    const Error& e = result.error();
    switch (e.code) {
      case ErrorCode::kUnauthenticated:
        return login_page(pages, 401, *pre, LoginForm{email, e.message, "", next});
      case ErrorCode::kRateLimited: {
        http::Response r =
            login_page(pages, 429, *pre,
                       LoginForm{email, "Too many failed sign-ins. " + e.message + ".", "", next});
        r.set_header("Retry-After", std::to_string(e.retry_after_seconds));
        return r;
      }
      case ErrorCode::kForbidden:
        return login_page(pages, 403, *pre, LoginForm{email, "", e.message, next});
      default:
        return unexpected(pages, request, e);
    }
  }
  // A session cookie sent with the login belonged to an earlier sign-in: end it, so that an id
  // planted before login is worthless afterwards.
  if (auto old = current_session(pages, request)) (void)pages.sessions.end(*old);
  const User& user = result->user;
  http::Response response =
      redirect(next.empty() || user.reset_password ? landing_path(user) : next);
  response.add_header("Set-Cookie", http::set_cookie(pages.cookie.name, result->session.token,
                                                     cookie_options(pages)));
  response.add_header("Set-Cookie",
                      http::clear_cookie(login_csrf_cookie(pages), cookie_options(pages)));
  return response;
}

// The signed-in user's own record, as the dashboard, profile and admin pages show it.
nlohmann::json account_view(const UserView& user) {
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : user.teams) teams.push_back(t.name);
  nlohmann::json account = {{"name", full_name(user.user)},
                            {"email", user.user.email},
                            {"role", role_label(user.user.role)},
                            {"teams", std::move(teams)}};
  if (user.organisation) account["organisation"] = user.organisation->name;
  return account;
}

http::Response change_password_page(const AuthPages& pages, const ActiveSession& session,
                                    int status, const Error* error) {
  nlohmann::json view = base_view(pages, "Change your password", &session);
  view["forced"] = session.user.reset_password;
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, pages.renderer.render("change_password", view));
}

http::Response submit_change_password(const AuthPages& pages, http::Request& request,
                                      const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  std::optional<std::string> current;
  if (!session.user.reset_password) current = form_value(form, "current_password");
  auto started = pages.login.change_password(session, current, form_value(form, "new_password"),
                                             form_value(form, "confirm_password"),
                                             request.remote_address, user_agent(request));
  if (!started) {
    const Error& e = started.error();
    if (e.code == ErrorCode::kInvalidArgument) {
      return change_password_page(pages, session, 400, &e);
    }
    if (e.code == ErrorCode::kRateLimited) {
      http::Response r = change_password_page(pages, session, 429, &e);
      r.set_header("Retry-After", std::to_string(e.retry_after_seconds));
      return r;
    }
    return unexpected(pages, request, e);
  }
  User user = session.user;
  user.reset_password = false;
  http::Response response = redirect(landing_path(user));
  response.add_header("Set-Cookie",
                      http::set_cookie(pages.cookie.name, started->token, cookie_options(pages)));
  return response;
}

http::Response profile_page(const AuthPages& pages, http::Request& request,
                            const ActiveSession& session) {
  auto user = pages.users.get(actor_of(session, request), std::to_string(session.user.id));
  if (!user) return unexpected(pages, request, user.error());
  auto sessions = pages.sessions.list(session);
  if (!sessions) return unexpected(pages, request, sessions.error());
  nlohmann::json view = base_view(pages, "Your profile", &session);
  view["account"] = account_view(*user);
  view["current"] = {{"profile", true}};
  view["admin_frame"] = is_api_owner(session.user.role);  // owners see the Admin Portal's frame
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : *sessions) {
    list.push_back({{"created", time_view(s.created_at)},
                    {"last_seen", time_view(s.last_seen_at)},
                    {"address", s.source_address},
                    {"user_agent", s.user_agent},
                    {"current", s.id == session.session.id}});
  }
  view["sessions"] = std::move(list);
  view["has_other_sessions"] = sessions->size() > 1;
  return html_page(200, pages.renderer.render("profile", view));
}

http::Response dashboard_page(const AuthPages& pages, http::Request& request,
                              const ActiveSession& session) {
  if (is_api_owner(session.user.role)) return redirect("/admin");
  auto user = pages.users.get(actor_of(session, request), std::to_string(session.user.id));
  if (!user) return unexpected(pages, request, user.error());
  nlohmann::json view = base_view(pages, "Dashboard", &session);
  view["account"] = account_view(*user);
  view["current"] = {{"dashboard", true}};
  return html_page(200, pages.renderer.render("dashboard", view));
}

}  // namespace

http::Handler signed_in(const AuthPages& pages, SignedInHandler handler, bool allow_forced) {
  return [&pages, handler = std::move(handler), allow_forced](http::Request& request) {
    const auto token = http::cookie_value(request, pages.cookie.name);
    if (!token) return redirect(login_path_for(request));
    auto session = pages.sessions.resolve(*token);
    if (!session) {
      if (session.error().code != ErrorCode::kUnauthenticated) {
        return unexpected(pages, request, session.error());
      }
      http::Response r = redirect(login_path_for(request));
      r.add_header("Set-Cookie", http::clear_cookie(pages.cookie.name, cookie_options(pages)));
      return r;
    }
    if (request.method == "POST") {
      if (posted_csrf_token(request) != pages.sessions.csrf_token(session->token)) {
        return csrf_refused(pages);
      }
    }
    if (session->user.reset_password && !allow_forced) {
      return redirect(std::string(kChangePasswordPath));
    }
    return handler(request, *session);
  };
}

namespace {

// GET /, sign-in, sign-out and the change-password page.
void add_sign_in_pages(http::Router& router, const AuthPages& pages) {
  router.add("GET", "/", [&pages](http::Request& request) {
    const auto session = current_session(pages, request);
    nlohmann::json view = base_view(pages, "Welcome", session ? &*session : nullptr);
    view["registration_open"] = !session && pages.registration_open && pages.registration_open();
    return html_page(200, pages.renderer.render("home", view));
  });
  router.add("GET", std::string(kLoginPath),
             [&pages](http::Request& request) { return show_login(pages, request); });
  router.add("POST", std::string(kLoginPath),
             [&pages](http::Request& request) { return submit_login(pages, request); });
  router.add("POST", "/auth/password/logout",
             signed_in(
                 pages,
                 [&pages](http::Request&, const ActiveSession& session) {
                   (void)pages.sessions.end(session);
                   http::Response r = redirect(std::string(kLoginPath));
                   r.add_header("Set-Cookie",
                                http::clear_cookie(pages.cookie.name, cookie_options(pages)));
                   return r;
                 },
                 true));
  router.add("GET", std::string(kChangePasswordPath),
             signed_in(
                 pages,
                 [&pages](http::Request&, const ActiveSession& session) {
                   return change_password_page(pages, session, 200, nullptr);
                 },
                 true));
  router.add("POST", std::string(kChangePasswordPath),
             signed_in(
                 pages,
                 [&pages](http::Request& request, const ActiveSession& session) {
                   return submit_change_password(pages, request, session);
                 },
                 true));
}

// Profiles, ending other sessions, the dashboards.
void add_account_pages(http::Router& router, const AuthPages& pages) {
  router.add("GET", "/portal/private/profile",
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               return profile_page(pages, request, session);
             }));
  // Owners and consumers share the profile page; the sign-out form posts to one place.
  router.add("GET", "/admin/profile",
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               return profile_page(pages, request, session);
             }));
  router.add("POST", "/auth/sessions/end-others",
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               auto ended = pages.sessions.end_others(session);
               if (!ended) return unexpected(pages, request, ended.error());
               const std::string profile =
                   is_api_owner(session.user.role) ? "/admin/profile" : "/portal/private/profile";
               return redirect_with_flash(
                   pages, session, profile,
                   *ended == 1 ? "Signed out of 1 other session."
                               : "Signed out of " + std::to_string(*ended) + " other sessions.");
             }));
  router.add("GET", "/portal/private/dashboard",
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               return dashboard_page(pages, request, session);
             }));
}

}  // namespace

void add_auth_pages(http::Router& router, const AuthPages& pages) {
  add_sign_in_pages(router, pages);
  add_account_pages(router, pages);
}

}  // namespace atrium::web
