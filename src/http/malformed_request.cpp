#include "http/malformed_request.hpp"

#include <array>
#include <utility>

namespace atrium::http {

namespace {

// What a 400 says for the parser errors a client can cause; any other one is "malformed".
constexpr auto kProblems = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"HPE_INVALID_METHOD", "invalid method in the request line"},
    {"HPE_INVALID_URL", "invalid request target"},
    {"HPE_INVALID_HOST", "invalid request target"},
    {"HPE_INVALID_PORT", "invalid request target"},
    {"HPE_INVALID_PATH", "invalid request target"},
    {"HPE_INVALID_QUERY_STRING", "invalid request target"},
    {"HPE_INVALID_FRAGMENT", "invalid request target"},
    {"HPE_INVALID_VERSION", "invalid HTTP version in the request line"},
    {"HPE_INVALID_CONSTANT", "invalid request line"},
    {"HPE_LF_EXPECTED", "a line not ended by CRLF"},
    {"HPE_STRICT", "a request line or header not as HTTP/1.1 writes it"},
    {"HPE_INVALID_HEADER_TOKEN",
     "invalid character in a header (a control character, or a line without a colon)"},
    {"HPE_INVALID_CONTENT_LENGTH", "invalid Content-Length"},
    {"HPE_UNEXPECTED_CONTENT_LENGTH",
     "Content-Length given twice, or together with Transfer-Encoding"},
    {"HPE_INVALID_TRANSFER_ENCODING", "unsupported Transfer-Encoding"},
    {"HPE_INVALID_CHUNK_SIZE", "invalid chunk size in a chunked body"},
});

}  // namespace

Error malformed_request_error(std::string_view parser_error, const RequestLimits& limits) {
  // RESTinio's parser callbacks fail (HPE_CB_*) exactly when one of its limits is passed.
  if (parser_error == "HPE_CB_url") {
    return make_error(ErrorCode::kUriTooLong, "request.uri_too_long",
                      "request URI longer than " + std::to_string(limits.max_uri_bytes) + " bytes");
  }
  if (parser_error == "HPE_CB_header_field" || parser_error == "HPE_CB_header_value" ||
      parser_error == "HPE_HEADER_OVERFLOW") {
    return make_error(ErrorCode::kHeaderTooLarge, "request.header_too_large",
                      "request headers too large: at most " +
                          std::to_string(limits.max_header_bytes) + " bytes per header, " +
                          std::to_string(limits.max_header_count) + " headers and " +
                          std::to_string(kMaxHeaderBlockBytes) + " bytes in all");
  }
  if (parser_error == "HPE_CB_headers_complete" || parser_error == "HPE_CB_body") {
    return make_error(
        ErrorCode::kPayloadTooLarge, "request.body_too_large",
        "request body larger than " + std::to_string(limits.max_body_bytes) + " bytes");
  }
  std::string_view problem;
  for (const auto& [name, text] : kProblems) {
    if (name == parser_error) problem = text;
  }
  return invalid_argument("request.malformed",
                          problem.empty() ? std::string("malformed HTTP request")
                                          : "malformed HTTP request: " + std::string(problem));
}

std::string closing_response_text(const Response& response) {
  std::string text =
      "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) text += name + ": " + value + "\r\n";
  text += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  text += "Connection: close\r\n\r\n";
  text += response.body;
  return text;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace atrium::http
