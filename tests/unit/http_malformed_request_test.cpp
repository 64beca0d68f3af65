#include <gtest/gtest.h>

#include "http/error_mapping.hpp"
#include "http/malformed_request.hpp"

namespace atrium::http {
namespace {

int status_of(std::string_view parser_error) {
  return http_status(malformed_request_error(parser_error, RequestLimits{}).code);
}

TEST(MalformedRequest, ParserErrorsMapToTheirStatus) {
  EXPECT_EQ(status_of("HPE_CB_url"), 414);
  EXPECT_EQ(status_of("HPE_CB_header_field"), 431);
  EXPECT_EQ(status_of("HPE_CB_header_value"), 431);
  EXPECT_EQ(status_of("HPE_HEADER_OVERFLOW"), 431);
  EXPECT_EQ(status_of("HPE_CB_headers_complete"), 413);
  EXPECT_EQ(status_of("HPE_CB_body"), 413);
  for (const char* name :
       {"HPE_INVALID_CONTENT_LENGTH", "HPE_UNEXPECTED_CONTENT_LENGTH", "HPE_INVALID_CHUNK_SIZE",
        "HPE_INVALID_HEADER_TOKEN", "HPE_INVALID_METHOD", "HPE_UNKNOWN", "HPE_SOMETHING_NEW", ""}) {
    EXPECT_EQ(status_of(name), 400) << name;
    EXPECT_EQ(malformed_request_error(name, RequestLimits{}).id, "request.malformed");
  }
}

TEST(MalformedRequest, MessagesNameTheLimits) {
  const RequestLimits limits{.max_uri_bytes = 4096,
                             .max_header_bytes = 2048,
                             .max_header_count = 100,
                             .max_body_bytes = 1000};
  EXPECT_EQ(malformed_request_error("HPE_CB_url", limits).message,
            "request URI longer than 4096 bytes");
  EXPECT_EQ(malformed_request_error("HPE_HEADER_OVERFLOW", limits).message,
            "request headers too large: at most 2048 bytes per header, 100 headers and 81920 "
            "bytes in all");
  EXPECT_EQ(malformed_request_error("HPE_CB_body", limits).message,
            "request body larger than 1000 bytes");
  EXPECT_EQ(malformed_request_error("HPE_INVALID_CHUNK_SIZE", limits).message,
            "malformed HTTP request: invalid chunk size in a chunked body");
}

TEST(MalformedRequest, TheClosingResponseIsACompleteHttpMessage) {
  Response response = error_response(malformed_request_error("HPE_CB_url", RequestLimits{}));
  const std::string text = closing_response_text(response);
  EXPECT_EQ(text.rfind("HTTP/1.1 414 URI Too Long\r\n", 0), 0U) << text;
  EXPECT_NE(text.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("\r\nConnection: close\r\n\r\n"), std::string::npos);
  EXPECT_EQ(text.substr(text.find("\r\n\r\n") + 4), response.body);
  EXPECT_STREQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_STREQ(reason_phrase(415), "Unsupported Media Type");
}

}  // namespace
}  // namespace atrium::http
