// Requests the HTTP parser refuses get a real answer before the connection closes, as nginx
// gives them (DESIGN §8 rule 7): 400 for malformed ones, 414 for a too-long URI, 431 for too-large
// headers, 413 for a body too large to read. Raw TCP, since no HTTP client sends these.
#include <gtest/gtest.h>

#include <string>

#include "support/raw_http.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

// The defaults of Server.MaxUriSize and Server.MaxHeaderSize, and http_parser's limit for all
// header lines together.
constexpr std::size_t kMaxUri = 8 * 1024;
constexpr std::size_t kMaxHeader = 16 * 1024;
constexpr std::size_t kHundredKiB = 100 * 1024;

class MalformedHttpTest : public PortalTest {
 protected:
  RawReply exchange(const std::string& raw) { return raw_exchange(portal_->app().port(), raw); }

  // A complete answer with Tyk's error shape and our code, and the connection closed after it.
  static void expect_refused(const RawReply& reply, int status, const std::string& code,
                             const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(reply.status(), status) << reply.text.substr(0, 500);
    EXPECT_EQ(reply.header("connection"), "close");
    EXPECT_EQ(reply.header("content-type"), "application/json");
    const std::string body = reply.body();
    EXPECT_EQ(reply.header("content-length"), std::to_string(body.size()));
    const auto json = nlohmann::json::parse(body, nullptr, false);
    ASSERT_TRUE(json.is_object()) << body;
    EXPECT_EQ(json["status"], "error");
    EXPECT_EQ(json["code"], code);
    EXPECT_TRUE(json["errors"].is_array() && json["errors"].size() == 1U) << body;
    EXPECT_TRUE(reply.closed) << "the connection should be closed after the answer";
  }

  void expect_still_serving() {
    auto reply = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.status(), 200) << reply.text.substr(0, 300);
  }

  static std::string get_with(const std::string& header_line) {
    return "GET /healthz HTTP/1.1\r\nHost: x\r\n" + header_line + "\r\n\r\n";
  }
  static std::string post_with(const std::string& headers, const std::string& body) {
    return "POST /portal-api/bootstrap HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
           headers + "\r\n" + body;
  }
};

TEST_F(MalformedHttpTest, TooLargeHeadersAre431) {
  expect_refused(exchange(get_with("X-Big: " + std::string(kHundredKiB, 'a'))), 431,
                 "request.header_too_large", "a 100 KB header");
  expect_refused(exchange(get_with("Cookie: portal-session=" + std::string(kHundredKiB, 'c'))), 431,
                 "request.header_too_large", "a 100 KB cookie");
  expect_refused(exchange(get_with("X-" + std::string(kMaxHeader + 1, 'n') + ": v")), 431,
                 "request.header_too_large", "a header name over the limit");
  expect_refused(exchange(get_with("X-Big: " + std::string(kMaxHeader + 1, 'a'))), 431,
                 "request.header_too_large", "one byte over the limit");
  std::string many;
  for (int i = 0; i < 101; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  many.resize(many.size() - 2);
  expect_refused(exchange(get_with(many)), 431, "request.header_too_large", "101 headers");
  // Each header within the limit, all of them over 80 KiB.
  std::string block;
  for (int i = 0; i < 9; ++i) {
    block += "X-Part" + std::to_string(i) + ": " + std::string(10 * 1024, 'p') + "\r\n";
  }
  block.resize(block.size() - 2);
  expect_refused(exchange(get_with(block)), 431, "request.header_too_large", "81+ KiB in all");
  // At the limit it is accepted.
  auto at_limit = exchange(get_with("Connection: close\r\nX-Big: " + std::string(kMaxHeader, 'a')));
  EXPECT_EQ(at_limit.status(), 200) << at_limit.text.substr(0, 300);
  expect_still_serving();
}

TEST_F(MalformedHttpTest, TooLongUriIs414) {
  expect_refused(
      exchange("GET /healthz?q=" + std::string(kHundredKiB, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n"),
      414, "request.uri_too_long", "a 100 KB query string");
  const std::string prefix = "/healthz?q=";
  expect_refused(exchange("GET " + prefix + std::string(kMaxUri + 1 - prefix.size(), 'q') +
                          " HTTP/1.1\r\nHost: x\r\n\r\n"),
                 414, "request.uri_too_long", "one byte over the limit");
  auto at_limit = exchange("GET " + prefix + std::string(kMaxUri - prefix.size(), 'q') +
                           " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(at_limit.status(), 414) << at_limit.text.substr(0, 300);
  EXPECT_GT(at_limit.status(), 0);
  expect_still_serving();
}

TEST_F(MalformedHttpTest, MalformedHeadersAndRequestLinesAre400) {
  expect_refused(exchange(get_with(std::string("X-Note: a\0b", 11))), 400, "request.malformed",
                 "NUL in a header value");
  expect_refused(exchange(get_with(std::string("X-N\0te: ab", 10))), 400, "request.malformed",
                 "NUL in a header name");
  expect_refused(exchange(get_with("This line has no colon")), 400, "request.malformed",
                 "a header line without a colon");
  expect_refused(exchange(get_with("NoColon")), 400, "request.malformed",
                 "a header line of one word");
  expect_refused(exchange("GARBAGE\r\n\r\n"), 400, "request.malformed", "one word");
  expect_refused(exchange("\x01\x02\x03 / HTTP/1.1\r\n\r\n"), 400, "request.malformed",
                 "control characters as the method");
  expect_refused(exchange("GET / HTTP/9.x\r\nHost: x\r\n\r\n"), 400, "request.malformed",
                 "a bad version");
  expect_refused(exchange("GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "request.malformed",
                 "spaces in the target");
  expect_still_serving();
}

TEST_F(MalformedHttpTest, BadBodyFramingIs400Or413) {
  const std::string body = R"({"username":"x@example.com"})";
  expect_refused(exchange(post_with("Content-Length: -1\r\n", body)), 400, "request.malformed",
                 "a negative Content-Length");
  expect_refused(exchange(post_with("Content-Length: 99999999999999999999999\r\n", body)), 400,
                 "request.malformed", "a Content-Length beyond 64 bits");
  expect_refused(exchange(post_with("Content-Length: 12abc\r\n", body)), 400, "request.malformed",
                 "a Content-Length with letters");
  expect_refused(exchange(post_with("Content-Length: 1000000000000\r\n", body)), 413,
                 "request.body_too_large", "a 1 TB Content-Length");
  const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  expect_refused(exchange(post_with(length + length, body)), 400, "request.malformed",
                 "Content-Length twice");
  expect_refused(exchange(post_with(length + "Content-Length: 3\r\n", body)), 400,
                 "request.malformed", "two different Content-Lengths");
  expect_refused(exchange(post_with("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")),
                 400, "request.malformed", "a bad chunk size");
  expect_refused(exchange(post_with("Transfer-Encoding: chunked\r\n",
                                    "fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n")),
                 400, "request.malformed", "a chunk size beyond 64 bits");
  expect_refused(
      exchange(post_with(length + "Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")), 400,
      "request.malformed", "Content-Length with chunked");
  expect_refused(exchange(post_with("Transfer-Encoding: gzip\r\n", body)), 400, "request.malformed",
                 "a Transfer-Encoding other than chunked");
  // A well-formed chunked body is read as before (here: an incomplete bootstrap, a 400 of the
  // route, the connection kept).
  auto chunked = exchange(
      post_with("Transfer-Encoding: chunked\r\nConnection: close\r\n", "2\r\n{}\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked.status(), 400) << chunked.text.substr(0, 300);
  EXPECT_EQ(nlohmann::json::parse(chunked.body(), nullptr, false)["code"], "request.invalid_fields")
      << chunked.body();
  expect_still_serving();
}

}  // namespace
}  // namespace atrium::testing
