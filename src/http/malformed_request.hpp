#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/response.hpp"

namespace atrium::http {

// What the HTTP parser accepts before it refuses a request (docs/configuration.md, "Limits").
struct RequestLimits {
  std::size_t max_uri_bytes = 8U * 1024U;      // the request target, query string included
  std::size_t max_header_bytes = 16U * 1024U;  // one header's name, and its value
  std::size_t max_header_count = 100;
  std::size_t max_body_bytes = 1024U * 1024U;  // Server.MaxBodySize, named in the 413's message
};

// The request line and every header line together: http_parser's HTTP_MAX_HEADER_SIZE, fixed
// when Debian's libhttp-parser was compiled.
inline constexpr std::size_t kMaxHeaderBlockBytes = 80U * 1024U;

// The error for a request http_parser refused, from the parser's error name as http_errno_name()
// spells it ("HPE_INVALID_CONTENT_LENGTH"): 414 for a URI over the limit, 431 for a header (or
// all of them) over the limits, 413 for a body over the parser's limit, 400 for the rest.
Error malformed_request_error(std::string_view parser_error, const RequestLimits& limits);

// The complete HTTP/1.1 message for `response`, with Content-Length and Connection: close: what
// the server writes on the socket itself when RESTinio would close it without an answer.
std::string closing_response_text(const Response& response);

// The reason phrase for a status code ("Not Found"); "Status" for one without a phrase here.
const char* reason_phrase(int status);

}  // namespace atrium::http
