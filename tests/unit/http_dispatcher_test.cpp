#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/non_blocking.hpp"
#include "domain/auth/grant_memo.hpp"
#include "http/dispatcher.hpp"
#include "http/error_mapping.hpp"
#include "http/json_body.hpp"

namespace atrium::http {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  Dispatcher make(std::function<Response(const Request&, const Error&)> error_page = {}) {
    Router r;
    r.add("GET", "/ok", [](Request&) { return Response::json(200, {{"ok", true}}); });
    r.add("POST", "/echo", [](Request& req) { return Response::text(200, req.body); });
    r.add("GET", "/throws",
          [](Request&) -> Response { throw std::runtime_error("secret detail"); });
    r.add("GET", "/throws-int", [](Request&) -> Response { throw 42; });
    r.add("GET", "/items/{id}",
          [](Request& req) { return Response::text(200, std::string(req.param("id"))); });
    DispatcherOptions options;
    options.max_body_bytes = 16;
    options.error_page = std::move(error_page);
    return {std::move(r), metrics_, options};
  }

  static Request request(std::string method, std::string path, std::string body = {}) {
    Request req;
    req.method = std::move(method);
    req.path = std::move(path);
    req.body = std::move(body);
    req.request_id = "rid-1";
    return req;
  }

  Metrics metrics_;
};

// An inline-first route runs on the calling thread until its first blocking step; then the
// caller gets nothing and dispatches the same match on a worker, which runs it from the start.
TEST_F(DispatcherTest, TryInlineAnswersUntilTheFirstBlockingStepThenLeavesItToTheWorker) {
  Router r;
  bool in_memory = true;
  int runs = 0;
  r.add(
      "GET", "/lists/{id}",
      [&](Request& req) {
        ++runs;
        if (!in_memory) require_blocking_allowed();  // the database, say
        return Response::text(200, "list " + std::string(req.param("id")));
      },
      Execution::kInlineFirst);
  Dispatcher d(std::move(r), metrics_, DispatcherOptions{});
  Request req = request("GET", "/lists/7");
  const RouteMatch match = d.route(req);
  EXPECT_EQ(Dispatcher::execution_of(match), Execution::kInlineFirst);

  auto answered = d.try_inline(req, match);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->response.body, "list 7");
  EXPECT_EQ(answered->response.header("X-Request-Id"), "rid-1");
  EXPECT_EQ(d.inline_answers(), 1U);

  in_memory = false;
  Request again = request("GET", "/lists/7");
  EXPECT_FALSE(d.try_inline(again, match).has_value()) << "it would have blocked";
  EXPECT_TRUE(blocking_allowed()) << "the scope ended with the attempt";
  const Outcome on_worker = d.dispatch(again, match);
  EXPECT_EQ(on_worker.response.status, 200);
  EXPECT_EQ(on_worker.response.body, "list 7") << "the match still has its parameters";
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(d.inline_answers(), 1U);
}

TEST(GrantMemo, AGrantIsFoundOnlyAtTheVersionItWasKeptWith) {
  GrantMemo<std::string> memo(2);
  memo.keep("hash-a", "ada", 7);
  EXPECT_EQ(memo.find("hash-a", 7), "ada");
  EXPECT_FALSE(memo.find("hash-a", 8).has_value()) << "a sign-in ended since: read again";
  EXPECT_FALSE(memo.find("hash-b", 7).has_value());
  memo.keep("hash-a", "ada again", 8);
  EXPECT_EQ(memo.find("hash-a", 8), "ada again");
  EXPECT_EQ(memo.size(), 1U);
  memo.forget("hash-a");
  EXPECT_FALSE(memo.find("hash-a", 8).has_value());
}

TEST(GrantMemo, PastItsBoundItStartsAgainEmpty) {
  GrantMemo<std::string> memo(2);
  memo.keep("a", "1", 1);
  memo.keep("b", "2", 1);
  memo.keep("a", "1 again", 1);  // replacing one is not growing
  EXPECT_EQ(memo.size(), 2U);
  memo.keep("c", "3", 1);
  EXPECT_EQ(memo.size(), 1U);
  EXPECT_EQ(memo.find("c", 1), "3");
  EXPECT_FALSE(memo.find("a", 1).has_value());
}

TEST_F(DispatcherTest, RunsHandlerWithParams) {
  Dispatcher d = make();
  Request req = request("GET", "/items/abc");
  Outcome out = d.dispatch(req);
  EXPECT_EQ(out.response.status, 200);
  EXPECT_EQ(out.response.body, "abc");
  EXPECT_EQ(out.route, "/items/{id}");
  EXPECT_EQ(out.response.header("X-Request-Id"), "rid-1");
  EXPECT_EQ(out.response.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(DispatcherTest, ExceptionBecomes500WithErrorIdAndNoDetail) {
  Dispatcher d = make();
  for (const char* path : {"/throws", "/throws-int"}) {
    Request req = request("GET", path);
    Outcome out = d.dispatch(req);
    EXPECT_EQ(out.response.status, 500);
    auto body = nlohmann::json::parse(out.response.body);
    EXPECT_EQ(body["status"], "error");
    ASSERT_TRUE(body["error_id"].is_string());
    EXPECT_EQ(body["error_id"].get<std::string>().size(), 16U);
    EXPECT_EQ(out.response.body.find("secret detail"), std::string::npos);
    EXPECT_NE(body["errors"][0].get<std::string>().find(body["error_id"].get<std::string>()),
              std::string::npos);
  }
}

// The page a browser gets instead of the JSON error: "<code> <id> <detail>".
Response page_for(const Request&, const Error& error) {
  return Response::text(200, error.id + " " + error.detail, "text/html; charset=utf-8");
}

TEST_F(DispatcherTest, BrowsersGetTheErrorPageWithTheJsonAnswersStatus) {
  Dispatcher d = make(page_for);
  const auto html = [](std::string method, std::string path, std::string body = {}) {
    Request req = request(std::move(method), std::move(path), std::move(body));
    req.headers = {{"accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};
    return req;
  };
  Request missing = html("GET", "/nothing");
  Outcome out = d.dispatch(missing);
  EXPECT_EQ(out.response.status, 404);
  EXPECT_EQ(out.response.body, "route.not_found ");
  EXPECT_EQ(out.response.header("Content-Type"), "text/html; charset=utf-8");
  Request wrong = html("DELETE", "/ok");
  out = d.dispatch(wrong);
  EXPECT_EQ(out.response.status, 405);
  EXPECT_EQ(out.response.header("Allow"), "GET");
  EXPECT_EQ(out.response.body, "route.method_not_allowed ");
  Request large = html("POST", "/echo", std::string(17, 'x'));
  EXPECT_EQ(d.dispatch(large).response.status, 413);
  Request throws = html("GET", "/throws");
  out = d.dispatch(throws);
  EXPECT_EQ(out.response.status, 500);
  EXPECT_EQ(out.response.body.rfind("internal ", 0), 0U);
  EXPECT_EQ(out.response.body.size(), 9U + 16U) << "the error id, for the page to show";
  // The APIs and whoever does not ask for HTML keep the JSON.
  for (const char* path : {"/portal-api/nothing", "/gateway/x", "/portal-api"}) {
    Request api = html("GET", path);
    EXPECT_EQ(d.dispatch(api).response.header("Content-Type"), "application/json") << path;
  }
  Request plain = request("GET", "/nothing");
  EXPECT_EQ(d.dispatch(plain).response.header("Content-Type"), "application/json");
  // A handler's own answers are never replaced.
  Request ok = html("GET", "/ok");
  EXPECT_EQ(d.dispatch(ok).response.body, R"({"ok":true})");
}

TEST_F(DispatcherTest, AFailingErrorPageLeavesTheJsonAnswer) {
  Dispatcher d = make(
      [](const Request&, const Error&) -> Response { throw std::runtime_error("broken page"); });
  Request req = request("GET", "/nothing");
  req.headers = {{"accept", "text/html"}};
  Outcome out = d.dispatch(req);
  EXPECT_EQ(out.response.status, 404);
  EXPECT_EQ(out.response.header("Content-Type"), "application/json");
}

TEST_F(DispatcherTest, UnknownRouteIs404Json) {
  Dispatcher d = make();
  Request req = request("GET", "/portal-api/nothing");
  Outcome out = d.dispatch(req);
  EXPECT_EQ(out.response.status, 404);
  EXPECT_EQ(out.route, "unmatched");
  auto body = nlohmann::json::parse(out.response.body);
  EXPECT_EQ(body["code"], "route.not_found");
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  Dispatcher d = make();
  Request req = request("DELETE", "/ok");
  Outcome out = d.dispatch(req);
  EXPECT_EQ(out.response.status, 405);
  EXPECT_EQ(out.response.header("Allow"), "GET");
}

TEST_F(DispatcherTest, OversizedBodyIs413) {
  Dispatcher d = make();
  Request req = request("POST", "/echo", std::string(17, 'x'));
  EXPECT_EQ(d.dispatch(req).response.status, 413);
  Request small = request("POST", "/echo", std::string(16, 'x'));
  EXPECT_EQ(d.dispatch(small).response.status, 200);
}

TEST_F(DispatcherTest, RecordsMetrics) {
  Dispatcher d = make();
  Request req = request("GET", "/ok");
  Outcome out = d.dispatch(req);
  d.record(req, out, std::chrono::milliseconds(2));
  EXPECT_NE(metrics_.render().find("route=\"/ok\",status=\"200\"} 1"), std::string::npos);
}

TEST(RequestId, KeepsSaneClientIdsOnly) {
  Request req;
  req.headers = {{"x-request-id", "client-id_1.2"}};
  EXPECT_EQ(Dispatcher::request_id_for(req), "client-id_1.2");
  req.headers = {{"x-request-id", "bad id\nwith newline"}};
  EXPECT_NE(Dispatcher::request_id_for(req), "bad id\nwith newline");
  req.headers.clear();
  EXPECT_EQ(Dispatcher::request_id_for(req).size(), 16U);
}

TEST(ErrorMapping, TykShapeWithCodeAndFields) {
  Error e = invalid_argument("user.invalid", "Email: is required", {{"Email", "is required"}});
  Response r = error_response(e);
  EXPECT_EQ(r.status, 400);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["status"], "error");
  EXPECT_EQ(body["errors"], nlohmann::json::array({"Email: is required"}));
  EXPECT_EQ(body["code"], "user.invalid");
  EXPECT_EQ(body["fields"][0]["field"], "Email");
  EXPECT_EQ(http_status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(http_status(ErrorCode::kUnavailable), 503);
  Error limited = make_error(ErrorCode::kRateLimited, "x", "slow down");
  limited.retry_after_seconds = 30;
  EXPECT_EQ(error_response(limited).header("Retry-After"), "30");
  Error loading = make_error(ErrorCode::kUnavailable, "x", "not yet");
  EXPECT_FALSE(error_response(loading).header("Retry-After"));
  loading.retry_after_seconds = 1;
  EXPECT_EQ(error_response(loading).header("Retry-After"), "1");
}

TEST(JsonBody, ParsesObjectsAndNamesProblems) {
  Request req;
  req.headers = {{"content-type", "application/json"}};
  req.body = R"({"a": 1)";
  auto r = parse_json_object(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().id, "request.malformed_json");
  EXPECT_NE(r.error().message.find("at byte"), std::string::npos);
  req.body = "[1,2]";
  EXPECT_EQ(parse_json_object(req).error().id, "request.not_an_object");
  req.body = "";
  EXPECT_EQ(parse_json_object(req).error().id, "request.empty_body");
  req.body = "{\"a\": \"\xFF\"}";
  EXPECT_NE(parse_json_object(req).error().message.find("UTF-8"), std::string::npos);
  req.body = std::string(100000, '[');
  EXPECT_FALSE(parse_json_object(req).has_value());
}

TEST(JsonBody, NeedsTheJsonMediaType) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type("Application/JSON"));
  EXPECT_TRUE(is_json_media_type(" application/json ; charset=utf-8"));
  EXPECT_FALSE(is_json_media_type(""));
  EXPECT_FALSE(is_json_media_type("text/plain"));
  EXPECT_FALSE(is_json_media_type("application/jsonp"));
  EXPECT_FALSE(is_json_media_type("application/problem+json"));
  Request req;
  req.body = R"({"a": 1})";
  auto untyped = parse_json_object(req);
  ASSERT_FALSE(untyped.has_value());
  EXPECT_EQ(untyped.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(http_status(untyped.error().code), 415);
  EXPECT_EQ(untyped.error().id, "request.unsupported_media_type");
  req.headers = {{"content-type", "text/plain"}};
  EXPECT_EQ(parse_json_object(req).error().id, "request.unsupported_media_type");
  req.headers = {{"content-type", "application/json; charset=UTF-8"}};
  EXPECT_TRUE(parse_json_object(req).has_value());
}

TEST(JsonBody, RefusesAKeyTwiceInOneObject) {
  Request req;
  req.headers = {{"content-type", "application/json"}};
  req.body = R"({"a": 1, "b": {"c": 1, "c": 2}})";
  auto nested = parse_json_object(req);
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().id, "request.duplicate_key");
  ASSERT_EQ(nested.error().fields.size(), 1U);
  EXPECT_EQ(nested.error().fields[0].field, "c");
  req.body = R"({"a": 1, "a": 1})";
  EXPECT_EQ(parse_json_object(req).error().fields.at(0).field, "a");
  // The same key in sibling or nested objects, and after a nested object closes, is fine.
  req.body = R"({"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": {"d": 1}, "d": 2})";
  EXPECT_TRUE(parse_json_object(req).has_value());
  // A long key is shortened in the message.
  req.body = "{\"" + std::string(500, 'k') + "\": 1, \"" + std::string(500, 'k') + "\": 2}";
  auto long_key = parse_json_object(req);
  ASSERT_FALSE(long_key.has_value());
  EXPECT_LT(long_key.error().fields.at(0).field.size(), 100U);
}

// Found by tests/fuzz/json_body: nlohmann's parser ends the input at a NUL byte, so a valid
// object followed by NUL and anything else (another object, invalid UTF-8) was accepted.
TEST(JsonBody, RefusesANulByteAndWhatFollowsIt) {
  Request req;
  req.headers = {{"content-type", "application/json"}};
  req.body = std::string(R"({"a": 1})") + '\0' + "\xFF" + R"({"Role": "super-admin"})";
  auto parsed = parse_json_object(req);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().id, "request.malformed_json");
  EXPECT_EQ(parsed.error().message, "malformed JSON at byte 9");
}

// Found by tests/fuzz/json_body: a long key was cut inside a UTF-8 character, and a key's control
// characters went into the field name as they were.
TEST(JsonBody, NamesADuplicateKeyAsValidEscapedText) {
  Request req;
  req.headers = {{"content-type", "application/json"}};
  std::string key = "a";
  for (int i = 0; i < 40; ++i) key += "\u00fc";  // "ü": the 64-byte cut falls inside one
  req.body = "{\"" + key + "\": 1, \"" + key + "\": 2}";
  auto long_key = parse_json_object(req);
  ASSERT_FALSE(long_key.has_value());
  std::string shown = "a";
  for (int i = 0; i < 31; ++i) shown += "\xC3\xBC";  // 63 bytes: the last whole character
  EXPECT_EQ(long_key.error().fields.at(0).field, shown + "...");
  req.body = R"({"a\nb": 1, "a\nb": 2})";
  EXPECT_EQ(parse_json_object(req).error().fields.at(0).field, "a\\nb");
}

TEST(ObjectReader, CollectsTypeMissingAndUnknownFieldErrors) {
  auto body = nlohmann::json::parse(R"({"Name": 5, "Active": "yes", "Extra": 1, "Count": 2})");
  ObjectReader reader(body);
  (void)reader.optional_string("Name");
  (void)reader.optional_bool("Active");
  (void)reader.required_string("Email");
  EXPECT_EQ(reader.optional_int("Count"), 2);
  auto status = reader.finish();
  ASSERT_FALSE(status.has_value());
  std::vector<std::string> fields;
  for (const auto& f : status.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"Name", "Active", "Email", "Extra"}));
  EXPECT_NE(status.error().message.find("Extra: is not a known field"), std::string::npos);
}

}  // namespace
}  // namespace atrium::http
