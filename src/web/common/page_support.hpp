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
// The view every page starts from: title, the signed-in user, and the session's CSRF token.
nlohmann::json base_view(const AuthPages& pages, std::string title, const ActiveSession* session);
http::Response message_page(const AuthPages& pages, int status, std::string title,
                            std::string message, const ActiveSession* session = nullptr);
http::Response csrf_refused(const AuthPages& pages);
// Logs the error under an id; the page only says that something went wrong.
http::Response unexpected(const AuthPages& pages, const http::Request& request, const Error& error);
// The one error page: the status comes from http::error_mapping (as for the API), 429 adds
// Retry-After, unexpected failures are logged under an id.
http::Response error_page(const AuthPages& pages, const http::Request& request, const Error& error,
                          const ActiveSession* session = nullptr);
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
