#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/auth/actor.hpp"
#include "domain/auth/session_service.hpp"
#include "http/cookies.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/live/auth_pages.hpp"

// What the page files share.
namespace atrium::web {

using Form = std::vector<std::pair<std::string, std::string>>;

std::string form_value(const Form& form, std::string_view name);
http::CookieOptions cookie_options(const AuthPages& pages);
// The pre-session cookie that anonymous forms' CSRF tokens are tied to.
std::string login_csrf_cookie(const AuthPages& pages);
std::string user_agent(const http::Request& request);
// Whether the client asked for JSON (Accept names application/json): pages answer JSON then.
bool wants_json(const http::Request& request);
Actor actor_of(const ActiveSession& session, const http::Request& request);
// The view every page starts from: title, the signed-in user, the session's CSRF token, and the
// flash message the session kept for this page (taken, so that a reload does not repeat it).
nlohmann::json base_view(const AuthPages& pages, std::string title, const ActiveSession* session);
// POST-redirect-GET: keeps `text` in the session for the next page and answers 303 to
// `location` (a path we chose). `kind`: "success", "info" or "error".
http::Response redirect_with_flash(const AuthPages& pages, const ActiveSession& session,
                                   std::string location, std::string text,
                                   std::string kind = "success");
// The confirmation step before a delete, revoke, reject or remove: a page saying what will
// happen, whose form posts to `action`, with a way back to `cancel`.
struct ConfirmStep {
  std::string title;   // "Revoke the invitation?"
  std::string text;    // what happens, in a sentence or two
  std::string action;  // where the form posts (a path we chose)
  std::string button;  // "Revoke invitation"
  std::string cancel;  // where "Cancel" leads
};
http::Response confirm_page(const AuthPages& pages, const ActiveSession& session,
                            const ConfirmStep& step);
// The same on a page view already made (the Admin Portal's frame: admin_confirm_page).
http::Response render_confirm_page(const AuthPages& pages, nlohmann::json view,
                                   const ConfirmStep& step);
// What a page may say about an email it queued: that it is on its way when a relay is set up,
// otherwise that it waits in the outbox (owners are told where to find it).
std::string email_note(const AuthPages& pages, const ActiveSession& session,
                       std::string_view recipient);
// The `pager` partial's keys: `previous` and `next` (links to `base` + "page=N"; `base` ends in
// "?" or "&") when there are such pages, and `paged` when either is there.
void add_pager(nlohmann::json& view, const std::string& base, long long page, long long per_page,
               long long total);
http::Response message_page(const AuthPages& pages, int status, std::string title,
                            std::string message, const ActiveSession* session = nullptr);
http::Response csrf_refused(const AuthPages& pages);
// Logs the error under an id; the page only says that something went wrong.
http::Response unexpected(const AuthPages& pages, const http::Request& request, const Error& error);
// The one error page: the status comes from http::error_mapping (as for the API), 429 adds
// Retry-After, unexpected failures are logged under an id.
http::Response error_page(const AuthPages& pages, const http::Request& request, const Error& error,
                          const ActiveSession* session = nullptr);
// The dispatcher's own failures as pages for browsers (http::DispatcherOptions::error_page):
// no such page, a method the path does not take, a body too large, an unexpected error (with
// its error id). Signed-out navigation: it runs on the I/O thread, which reads no session.
http::Response browser_error_page(const AuthPages& pages, const http::Request& request,
                                  const Error& error);
// 429 with Retry-After.
http::Response rate_limited(const AuthPages& pages, const Error& error);
// The heading of an error page for a code ("Not found", "Too many requests", …).
std::string_view error_title(ErrorCode code);
std::optional<ActiveSession> current_session(const AuthPages& pages, const http::Request& request);
// The CSRF token of an anonymous form (tied to the pre-session cookie); when the browser has no
// such cookie yet, `response_for_cookie` gets a Set-Cookie for it.
std::string anonymous_csrf_token(const AuthPages& pages, const http::Request& request,
                                 http::Response* response_for_cookie);
bool anonymous_csrf_ok(const AuthPages& pages, const http::Request& request, const Form& form);

}  // namespace atrium::web
