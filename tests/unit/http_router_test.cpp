#include <gtest/gtest.h>

#include "http/router.hpp"

namespace atrium::http {
namespace {

Response named(std::string name) { return Response::text(200, std::move(name)); }

Router sample_router() {
  Router r;
  r.add("GET", "/portal-api/users", [](Request&) { return named("list"); });
  r.add("POST", "/portal-api/users", [](Request&) { return named("create"); });
  r.add("GET", "/portal-api/users/{id}", [](Request&) { return named("show"); });
  r.add("GET", "/portal-api/users/me", [](Request&) { return named("me"); });
  r.add("DELETE", "/portal-api/organisations/{org}/teams/{team}",
        [](Request&) { return named("delete team"); });
  return r;
}

TEST(Router, MatchesLiteralsAndCaptures) {
  Router r = sample_router();
  auto m = r.match("GET", "/portal-api/users/42");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/portal-api/users/{id}");
  EXPECT_EQ(m.params.at("id"), "42");

  m = r.match("DELETE", "/portal-api/organisations/7/teams/9/");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.params.at("org"), "7");
  EXPECT_EQ(m.params.at("team"), "9");
}

TEST(Router, LiteralBeatsCapture) {
  Router r = sample_router();
  auto m = r.match("GET", "/portal-api/users/me");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/portal-api/users/me");
}

TEST(Router, NotFoundAndMethodNotAllowed) {
  Router r = sample_router();
  EXPECT_EQ(r.match("GET", "/portal-api/nope").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(r.match("GET", "/portal-api/users/1/extra").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(r.match("GET", "/portal-api/users//").kind, RouteMatch::Kind::kNotFound);
  auto m = r.match("PATCH", "/portal-api/users");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, ARestCaptureTakesAnyNumberOfSegments) {
  Router r;
  r.add("GET", "/gateway/v1/check/{path...}", [](Request&) { return Response::no_content(); });
  for (const char* path : {"/gateway/v1/check", "/gateway/v1/check/a", "/gateway/v1/check/a/b/c"}) {
    EXPECT_EQ(r.match("GET", path).kind, RouteMatch::Kind::kFound) << path;
  }
  EXPECT_EQ(r.match("GET", "/gateway/v1").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(r.match("GET", "/gateway/v2/check/a").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, HeadFallsBackToGet) {
  Router r = sample_router();
  EXPECT_EQ(r.match("HEAD", "/portal-api/users").kind, RouteMatch::Kind::kFound);
}

TEST(Router, ARouteWithoutCapturesIsFoundByMethodWithOrWithoutTrailingSlash) {
  // Such routes are looked up by their path before any pattern is tried.
  Router r = sample_router();
  for (const char* path : {"/portal-api/users", "/portal-api/users/"}) {
    auto list = r.match("GET", path);
    ASSERT_EQ(list.kind, RouteMatch::Kind::kFound) << path;
    EXPECT_EQ(list.route->method, "GET");
    auto create = r.match("POST", path);
    ASSERT_EQ(create.kind, RouteMatch::Kind::kFound) << path;
    EXPECT_EQ(create.route->method, "POST");
    EXPECT_TRUE(create.params.empty());
  }
  EXPECT_EQ(r.match("DELETE", "/portal-api/users/me").kind, RouteMatch::Kind::kMethodNotAllowed);
}

TEST(Request, ParsesQueryAndHeaders) {
  Request req;
  req.query = parse_query("a=1&b=hello+world&c=%41%42&d&e=%zz");
  req.headers = {{"x-request-id", "abc"}, {"accept", "text/html,application/json"}};
  EXPECT_EQ(req.query_param("b"), "hello world");
  EXPECT_EQ(req.query_param("c"), "AB");
  EXPECT_EQ(req.query_param("d"), "");
  EXPECT_EQ(req.query_param("e"), "%zz");  // malformed escape kept literally
  EXPECT_FALSE(req.query_param("z").has_value());
  EXPECT_EQ(req.header("X-Request-ID"), "abc");
  EXPECT_TRUE(req.accepts_html());
  EXPECT_EQ(percent_decode("/a%2Fb", false), "/a/b");
  EXPECT_FALSE(percent_decode("%4", false).has_value());
}

}  // namespace
}  // namespace atrium::http
