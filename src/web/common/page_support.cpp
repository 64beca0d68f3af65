#include "web/common/page_support.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"
#include "domain/auth/actor.hpp"
#include "http/dispatcher.hpp"
#include "http/error_mapping.hpp"
#include "web/common/html.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

std::string form_value(const Form& form, std::string_view name) {
  for (const auto& [n, v] : form) {
    if (n == name) return v;
  }
  return {};
}

http::CookieOptions cookie_options(const AuthPages& pages) {
  http::CookieOptions o;
  o.secure = pages.cookie.secure;
  o.same_site = pages.cookie.same_site;
  return o;
}

// The pre-session cookie that the login form's CSRF token is tied to.
std::string login_csrf_cookie(const AuthPages& pages) { return pages.cookie.name + "-csrf"; }

std::string user_agent(const http::Request& request) {
  return std::string(request.header("user-agent").value_or(""));
}

bool wants_json(const http::Request& request) {
  const auto accept = request.header("accept");
  return accept && accept->find("application/json") != std::string_view::npos;
}

Actor actor_of(const ActiveSession& session, const http::Request& request) {
  const User& u = session.user;
  return Actor{u.id, u.email, u.role, u.organisation_id, request.remote_address};
}

// The view every page starts from: title, the signed-in user, and the session's CSRF token.
nlohmann::json base_view(const AuthPages& pages, std::string title, const ActiveSession* session) {
  nlohmann::json view = {{"title", std::move(title)}};
  if (session != nullptr) {
    const User& u = session->user;
    view["user"] = {{"name", full_name(u)},
                    {"email", u.email},
                    {"role", to_string(u.role)},
                    {"owner", is_api_owner(u.role)},
                    {"consumer_admin", u.role == Role::kConsumerAdmin}};
    view["csrf_token"] = pages.sessions.csrf_token(session->token);
    if (auto flash = pages.sessions.take_flash(*session)) {
      view["flashes"] = nlohmann::json::array({{{"kind", flash->kind}, {"text", flash->text}}});
    }
  }
  return view;
}

http::Response redirect_with_flash(const AuthPages& pages, const ActiveSession& session,
                                   std::string location, std::string text, std::string kind) {
  // The action is done: if the message cannot be kept, the page still follows, without it.
  (void)pages.sessions.set_flash(session, Flash{std::move(kind), std::move(text)});
  return redirect(std::move(location));
}

http::Response confirm_page(const AuthPages& pages, const ActiveSession& session,
                            const ConfirmStep& step) {
  return render_confirm_page(pages, base_view(pages, step.title, &session), step);
}

http::Response render_confirm_page(const AuthPages& pages, nlohmann::json view,
                                   const ConfirmStep& step) {
  view["text"] = step.text;
  view["action"] = step.action;
  view["button"] = step.button;
  view["cancel"] = step.cancel;
  return html_page(200, pages.renderer.render("confirm_action", view));
}

std::string email_note(const AuthPages& pages, const ActiveSession& session,
                       std::string_view recipient) {
  if (pages.mail_relay_ready && pages.mail_relay_ready()) {
    return "An email is on its way to " + std::string(recipient) + ".";
  }
  if (is_api_owner(session.user.role)) {
    return "The email to " + std::string(recipient) +
           " is queued; no mail relay is configured (see the Outbox).";
  }
  return "The email to " + std::string(recipient) +
         " is queued; it goes out once the portal's mail relay is set up.";
}

http::Response message_page(const AuthPages& pages, int status, std::string title,
                            std::string message, const ActiveSession* session) {
  nlohmann::json view = base_view(pages, title, session);
  view["text"] = std::move(message);
  return html_page(status, pages.renderer.render("message", view));
}

http::Response csrf_refused(const AuthPages& pages) {
  return message_page(pages, 403, "Form expired",
                      "This form has expired or did not come from this site. Go back, reload "
                      "the page and try again.");
}

http::Response unexpected(const AuthPages& pages, const http::Request& request,
                          const Error& error) {
  // Logs the detail under an error id; the page only says that something went wrong.
  const http::Response logged = http::failure(request, error);
  return message_page(pages, logged.status, "Something went wrong",
                      "The portal could not complete this request. Please try again shortly.");
}

std::string anonymous_csrf_token(const AuthPages& pages, const http::Request& request,
                                 http::Response* response_for_cookie) {
  auto pre = http::cookie_value(request, login_csrf_cookie(pages));
  std::string token =
      pre && !pre->empty() && pre->size() <= 128 ? *pre : pages.sessions.new_token();
  if (response_for_cookie != nullptr && (!pre || *pre != token)) {
    response_for_cookie->add_header(
        "Set-Cookie", http::set_cookie(login_csrf_cookie(pages), token, cookie_options(pages)));
  }
  return token;
}

bool anonymous_csrf_ok(const AuthPages& pages, const http::Request& request, const Form& form) {
  const auto pre = http::cookie_value(request, login_csrf_cookie(pages));
  return pre && !pre->empty() && form_value(form, "csrf_token") == pages.sessions.csrf_token(*pre);
}

std::optional<ActiveSession> current_session(const AuthPages& pages, const http::Request& request) {
  const auto token = http::cookie_value(request, pages.cookie.name);
  if (!token) return std::nullopt;
  auto session = pages.sessions.resolve(*token);
  if (!session) return std::nullopt;
  return std::move(*session);
}

http::Response error_page(const AuthPages& pages, const http::Request& request, const Error& error,
                          const ActiveSession* session) {
  const int status = http::http_status(error.code);
  if (status >= 500) return unexpected(pages, request, error);
  if (error.code == ErrorCode::kRateLimited) return rate_limited(pages, error);
  return message_page(pages, status, std::string(error_title(error.code)), error.message + ".",
                      session);
}

http::Response browser_error_page(const AuthPages& pages, const http::Request& /*request*/,
                                  const Error& error) {
  std::string title = "Page not found";
  std::string text =
      "There is no page at this address. Check it, or start again from the home page.";
  if (error.code == ErrorCode::kInternal) {
    title = "Something went wrong";
    text =
        "The portal could not complete this request. Please try again shortly; if it keeps "
        "happening, quote error id " +
        error.detail + ".";
  } else if (error.code == ErrorCode::kPayloadTooLarge) {
    title = "Too much data";
    text = "The form sent more data than the portal accepts. Go back and send less.";
  } else if (error.code != ErrorCode::kNotFound) {
    title = "This page cannot be used that way";
    text =
        "The address exists, but not for this kind of request. Go back and use the page's "
        "own links and buttons.";
  }
  nlohmann::json view = base_view(pages, std::move(title), nullptr);
  view["text"] = std::move(text);
  view["link"] = {{"href", "/"}, {"label", "Go to the home page"}};
  return html_page(404, pages.renderer.render("message", view));
}

http::Response rate_limited(const AuthPages& pages, const Error& error) {
  http::Response r = message_page(pages, 429, std::string(error_title(ErrorCode::kRateLimited)),
                                  error.message + ".");
  r.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  return r;
}

std::string_view error_title(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return "Not found";
    case ErrorCode::kForbidden:
      return "Not allowed";
    case ErrorCode::kConflict:
      return "This cannot be done now";
    case ErrorCode::kRateLimited:
      return "Too many requests";
    case ErrorCode::kUnauthenticated:
      return "Please sign in";
    default:
      return "This request cannot be used";
  }
}

void add_pager(nlohmann::json& view, const std::string& base, long long page, long long per_page,
               long long total) {
  if (page > 1) view["previous"] = base + "page=" + std::to_string(page - 1);
  if (page * per_page < total) view["next"] = base + "page=" + std::to_string(page + 1);
  view["paged"] = view.contains("previous") || view.contains("next");
}

}  // namespace atrium::web
