#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "http/router.hpp"
#include "web/common/embedded_files.hpp"
#include "web/common/html.hpp"
#include "web/common/static_assets.hpp"

namespace atrium::web {
namespace {

http::Response get(const http::Router& router, const std::string& path,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
  auto match = router.match("GET", path);
  EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << path;
  if (match.kind != http::RouteMatch::Kind::kFound) return {};
  http::Request request;
  request.method = "GET";
  request.path = path;
  request.headers = std::move(headers);
  return match.route->handler(request);
}

TEST(WebStatic, ServesTheStylesheetWithCacheHeaders) {
  http::Router router;
  add_static_routes(router);
  auto match = router.match("GET", "/static/atrium.css");
  ASSERT_EQ(match.kind, http::RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->execution, http::Execution::kInline);

  const http::Response response = get(router, "/static/atrium.css");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(response.header("Cache-Control"), "public, max-age=3600");
  ASSERT_TRUE(response.header("ETag"));
  const std::string etag(*response.header("ETag"));
  EXPECT_EQ(etag.size(), 34U);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_NE(response.body.find(".card"), std::string::npos);
  EXPECT_NE(response.body.find(":focus-visible"), std::string::npos);
  EXPECT_EQ(router.match("GET", "/static/nope.css").kind, http::RouteMatch::Kind::kNotFound);

  // The ETag follows the content.
  for (const EmbeddedFile& file : embedded_static_files()) {
    if (file.name == "atrium.css") {
      EXPECT_EQ(etag, "\"" + std::string(file.sha256.substr(0, 32)) + "\"");
    }
  }
}

TEST(WebStatic, AnswersNotModifiedToAMatchingIfNoneMatch) {
  http::Router router;
  add_static_routes(router);
  const std::string etag(*get(router, "/static/atrium.css").header("ETag"));

  for (const std::string& header :
       {etag, "W/" + etag, "\"other\", " + etag, std::string("*"), "\"a\" ,  " + etag + " "}) {
    SCOPED_TRACE(header);
    const http::Response response = get(router, "/static/atrium.css", {{"if-none-match", header}});
    EXPECT_EQ(response.status, 304);
    EXPECT_TRUE(response.body.empty());
    EXPECT_EQ(response.header("ETag"), etag);
    EXPECT_EQ(response.header("Cache-Control"), "public, max-age=3600");
  }
  for (const std::string& header :
       {std::string("\"other\""), std::string(""), etag.substr(1, 32), "\"" + etag + "\""}) {
    SCOPED_TRACE(header);
    const http::Response response = get(router, "/static/atrium.css", {{"if-none-match", header}});
    EXPECT_EQ(response.status, 200);
    EXPECT_FALSE(response.body.empty());
  }
}

TEST(WebStatic, AnswersTheFaviconWithNoContent) {
  http::Router router;
  add_static_routes(router);
  const http::Response response = get(router, "/favicon.ico");
  EXPECT_EQ(response.status, 204);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(response.header("Cache-Control"), "public, max-age=86400");
}

TEST(WebHtml, PagesCarryTheSecurityHeaders) {
  const http::Response response = html_page(403, "<p>no</p>");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.body, "<p>no</p>");
  EXPECT_EQ(response.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(response.header("Content-Security-Policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.header("Referrer-Policy"), "same-origin");
}

TEST(WebHtml, RedirectIsSeeOther) {
  const http::Response response = redirect("/portal/private/dashboard");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.header("Location"), "/portal/private/dashboard");
  EXPECT_TRUE(response.body.empty());
  EXPECT_THROW(redirect("/x\r\nSet-Cookie: a=b"), std::invalid_argument);
  EXPECT_THROW(redirect(""), std::invalid_argument);
}

TEST(WebHtml, LocalPathOrFallback) {
  EXPECT_EQ(local_path_or("/portal/private/apps?x=1", "/"), "/portal/private/apps?x=1");
  EXPECT_EQ(local_path_or("/", "/home"), "/");
  for (const char* bad : {"", "//evil.example/", "/\\evil.example", "https://evil.example/",
                          "javascript:alert(1)", "portal", "/a\\b", "/a\nb", "/a\tb"}) {
    EXPECT_EQ(local_path_or(bad, "/fallback"), "/fallback") << bad;
  }
}

}  // namespace
}  // namespace atrium::web
