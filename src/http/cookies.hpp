#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace atrium::http {

// The value of cookie `name` from the request's Cookie headers.
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

struct CookieOptions {
  std::string path = "/";
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Strict";             // Strict | Lax | None
  std::optional<std::chrono::seconds> max_age;  // none: a browser-session cookie
};

// A Set-Cookie header value. Names and values are expected to be cookie-safe already (our
// tokens are base64url).
std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& options);

// A Set-Cookie header value that deletes the cookie.
std::string clear_cookie(std::string_view name, const CookieOptions& options);

}  // namespace atrium::http
