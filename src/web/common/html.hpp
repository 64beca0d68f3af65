#pragma once

#include <string>
#include <string_view>

#include "http/response.hpp"

namespace atrium::web {

// The Content-Security-Policy of every page: scripts, styles and images from us only (no inline
// script: static/atrium.js is the one script, and only enhances), forms post to us only, and no
// framing.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// An HTML page: Content-Type text/html; charset=utf-8 plus the security headers
// (Content-Security-Policy, X-Frame-Options: DENY, Referrer-Policy: same-origin). The dispatcher
// adds X-Content-Type-Options and, unless set, Cache-Control: no-store.
http::Response html_page(int status, std::string body);

// 303 See Other to `location`, a path (or URL) the server chose. Throws std::invalid_argument if
// it contains a control character (which would split the header). Use local_path_or() first for
// a location that came from the request.
http::Response redirect(std::string location);

// `candidate` when it is a path on this site ("/x...", not "//host" or "/\host", no control
// characters or backslashes), else `fallback`. For `next` parameters: prevents open redirects.
std::string local_path_or(std::string_view candidate, std::string_view fallback);

}  // namespace atrium::web
