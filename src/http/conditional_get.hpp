#pragma once

#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

// Answers that carry an ETag, for static files and stored images.
namespace atrium::http {

// Whether an If-None-Match header matches `etag` by the weak comparison (RFC 9110 §13.1.2):
// W/"x" matches "x"; "*" matches any.
bool none_match_hits(std::string_view header, std::string_view etag);

// 200 with `body` as `content_type`, or 304 Not Modified (no body) when the request's
// If-None-Match matches `etag`; both with ETag and Cache-Control (`cache_control`).
Response tagged_response(const Request& request, std::string body, std::string content_type,
                         const std::string& etag, std::string cache_control);

}  // namespace atrium::http
