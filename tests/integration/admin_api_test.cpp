// The admin API's frame over real HTTP: bootstrap, token authentication, configs, errors.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "test_portal.hpp"

namespace atrium::testing {
namespace {

using AdminApiTest = PortalTest;

TEST_F(AdminApiTest, BootstrapWorksOnceThen409) {
  auto first =
      client().post_json("/portal-api/bootstrap", {{"username", "Owner@Example.com"},
                                                   {"password", "first amber meadow lantern"},
                                                   {"first_name", "Ada"},
                                                   {"last_name", "Lovelace"}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto body = first.json();
  EXPECT_EQ(body["code"], "OK");
  const std::string token = body["data"]["api_token"];
  EXPECT_GE(token.size(), 22U);  // >= 128 bits
  EXPECT_EQ(first.body.find("first amber meadow lantern"), std::string::npos);
  EXPECT_EQ(first.body.find("argon2"), std::string::npos);

  auto second = client().post_json(
      "/portal-api/bootstrap",
      {{"username", "second@example.com"}, {"password", "a different granite harbour"}});
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.json()["code"], "bootstrap.done");
  EXPECT_EQ(second.json()["status"], "error");

  // The first token works; the loser got none.
  EXPECT_EQ(client().get("/portal-api/api-tokens", {{"Authorization", token}}).status, 200);
}

TEST_F(AdminApiTest, ConcurrentBootstrapsMakeExactlyOneOwner) {
  std::vector<long> statuses(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = client()
                        .post_json("/portal-api/bootstrap",
                                   {{"username", "owner" + std::to_string(i) + "@example.com"},
                                    {"password", "a racing copper kettle"}})
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200L), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409L), 5);
}

TEST_F(AdminApiTest, BootstrapValidatesInput) {
  auto bad = client().post_json("/portal-api/bootstrap",
                                {{"username", "not-an-email"}, {"password", "short"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("username"), std::string::npos);
  auto unknown = client().post_json(
      "/portal-api/bootstrap",
      {{"username", "a@example.com"}, {"password", "long enough pw"}, {"role", "super-admin"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("role: is not a known field"), std::string::npos);
  auto missing = client().post_json("/portal-api/bootstrap", nlohmann::json::object());
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("password: is required"), std::string::npos);
  // Nothing was created: bootstrap still works.
  EXPECT_EQ(client()
                .post_json("/portal-api/bootstrap",
                           {{"username", "a@example.com"}, {"password", "long enough pw"}})
                .status,
            200);
}

TEST_F(AdminApiTest, TokenAuthenticationAcceptsBothHeaderForms) {
  const std::string token = portal_->bootstrap_token();
  EXPECT_EQ(client().get("/portal-api/api-tokens", {{"Authorization", token}}).status, 200);
  EXPECT_EQ(client().get("/portal-api/api-tokens", {{"Authorization", "Bearer " + token}}).status,
            200);
  EXPECT_EQ(client().get("/portal-api/api-tokens", {{"Authorization", "bearer " + token}}).status,
            200);
}

TEST_F(AdminApiTest, MissingWrongAndRevokedTokensAre401Json) {
  const std::string token = portal_->bootstrap_token();
  auto none = client().get("/portal-api/api-tokens");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json()["status"], "error");
  EXPECT_EQ(none.header("content-type"), "application/json");

  auto wrong = client().get("/portal-api/api-tokens", {{"Authorization", token + "x"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json()["errors"][0], "invalid API token");

  // A second token, used to revoke the first.
  auto created =
      client().post_json("/portal-api/api-tokens", {{"Name", "ci"}}, {{"Authorization", token}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string second = created.json()["Token"];
  auto list = client().get("/portal-api/api-tokens", {{"Authorization", second}}).json();
  ASSERT_EQ(list.size(), 2U);
  for (const auto& t : list) EXPECT_FALSE(t.contains("Token"));  // secrets shown once only
  const long long first_id = list[0]["Name"] == "bootstrap" ? list[0]["ID"].get<long long>()
                                                            : list[1]["ID"].get<long long>();
  auto revoked = client().request("DELETE", "/portal-api/api-tokens/" + std::to_string(first_id),
                                  {{"Authorization", second}});
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.json()["status"], "ok");
  EXPECT_EQ(client().get("/portal-api/api-tokens", {{"Authorization", token}}).status, 401);
  EXPECT_EQ(client().get("/portal-api/api-tokens", {{"Authorization", second}}).status, 200);
  // Revoking again, or an id that does not exist: 404.
  EXPECT_EQ(client()
                .request("DELETE", "/portal-api/api-tokens/" + std::to_string(first_id),
                         {{"Authorization", second}})
                .status,
            404);
  EXPECT_EQ(
      client().request("DELETE", "/portal-api/api-tokens/abc", {{"Authorization", second}}).status,
      404);
}

TEST_F(AdminApiTest, ConfigsShowEffectiveConfigurationWithoutSecrets) {
  const std::string token = portal_->bootstrap_token();
  auto configs = client().get("/portal-api/configs", {{"Authorization", token}});
  ASSERT_EQ(configs.status, 200) << configs.body;
  auto body = configs.json();
  ASSERT_TRUE(body.is_array());
  EXPECT_EQ(body[0]["Database"]["Dialect"], db_.dialect());
  EXPECT_EQ(body[0]["Database"]["ConnectionString"], "********");
  EXPECT_EQ(configs.body.find(db_.connection_string()), std::string::npos);
  EXPECT_TRUE(body[0]["HostPort"].is_number_integer());
  EXPECT_EQ(client().get("/portal-api/configs").status, 401);
}

TEST_F(AdminApiTest, MalformedJsonIs400) {
  const std::string token = portal_->bootstrap_token();
  for (const std::string body : {"{", "not json", "[1]", "", "{\"Name\": \"\xFF\"}"}) {
    auto r =
        client().request("POST", "/portal-api/api-tokens",
                         {{"Authorization", token}, {"Content-Type", "application/json"}}, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.json()["status"], "error");
  }
  auto wrong_type =
      client().post_json("/portal-api/api-tokens", {{"Name", 42}}, {{"Authorization", token}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_NE(wrong_type.body.find("Name: must be a string"), std::string::npos);
}

TEST_F(AdminApiTest, UnknownRouteIs404AndWrongMethod405Json) {
  auto missing = client().get("/portal-api/no-such-thing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["code"], "route.not_found");
  auto wrong = client().request("PUT", "/portal-api/bootstrap");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "POST");
}

TEST_F(AdminApiTest, OversizedBodyIs413) {
  const std::string token = portal_->bootstrap_token();
  const std::string huge(1024 * 1024 + 10, 'x');
  auto r = client().request("POST", "/portal-api/api-tokens",
                            {{"Authorization", token}, {"Content-Type", "application/json"}},
                            "{\"Name\":\"" + huge + "\"}");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["code"], "request.body_too_large");
}

TEST_F(AdminApiTest, RequestIdIsEchoedOrGenerated) {
  auto given = client().get("/healthz", {{"X-Request-Id", "trace-123"}});
  EXPECT_EQ(given.header("x-request-id"), "trace-123");
  auto generated = client().get("/healthz");
  ASSERT_TRUE(generated.header("x-request-id").has_value());
  EXPECT_EQ(generated.header("x-request-id")->size(), 16U);
}

}  // namespace
}  // namespace atrium::testing
