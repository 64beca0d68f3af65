// JSON request bodies (DESIGN §8 rule 7): sent as application/json or refused with 415, on every
// route that reads one; an object with a key twice is a 400 naming the key, changing nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "admin_client.hpp"
#include "browser.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

class JsonBodyTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    token_ = portal_->bootstrap_token();
  }

  HttpResult send(const std::string& method, const std::string& path,
                  const std::optional<std::string>& content_type, const std::string& body) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", token_}};
    // curl adds "Content-Type: application/x-www-form-urlencoded" to a body without one;
    // an empty value makes it send none.
    headers.emplace_back("Content-Type", content_type.value_or(""));
    return client().request(method, path, headers, body);
  }

  std::string token_;
};

TEST_F(JsonBodyTest, EveryJsonRouteRefusesOtherContentTypesWith415) {
  auto org = AdminClient(client(), token_).post("/portal-api/organisations", {{"Name", "Acme"}});
  ASSERT_EQ(org.status, 200) << org.body;
  const std::string org_path =
      "/portal-api/organisations/" + std::to_string(org.json()["ID"].get<long long>());
  const std::string team_path =
      org_path + "/teams/" + std::to_string(org.json()["Teams"][0]["ID"].get<long long>());
  struct Route {
    std::string method, path, body;
  };
  const std::vector<Route> routes = {
      {"POST", "/portal-api/bootstrap", R"({"username":"a@b.com","password":"x"})"},
      {"POST", "/portal-api/api-tokens", R"({"Name":"ci"})"},
      {"POST", "/portal-api/users", R"({"Email":"u@example.com","First":"U"})"},
      {"PUT", "/portal-api/users/1", R"({"First":"U"})"},
      {"POST", "/portal-api/organisations", R"({"Name":"Globex"})"},
      {"PUT", org_path, R"({"Name":"Acme 2"})"},
      {"POST", org_path + "/teams", R"({"Name":"Red"})"},
      {"PUT", team_path, R"({"Name":"Everyone"})"},
      {"PUT", "/portal-api/settings", R"({"RegistrationEnabled":true})"},
      {"POST", "/portal-api/settings/email/test", R"({"To":"a@b.com"})"},
      {"POST", "/portal-api/invite-codes", R"({"TeamID":1})"},
      {"PUT", "/portal-api/invite-codes/1", R"({"Active":false})"},
  };
  const std::vector<std::optional<std::string>> wrong_types = {
      std::nullopt,        "text/plain", "application/x-www-form-urlencoded",
      "application/jsonx", "text/json",  "multipart/form-data; boundary=x"};
  const auto before =
      AdminClient(client(), token_).get("/portal-api/audit-events?per_page=100").body;
  for (const auto& route : routes) {
    for (const auto& type : wrong_types) {
      auto r = send(route.method, route.path, type, route.body);
      SCOPED_TRACE(route.method + " " + route.path + " Content-Type: " + type.value_or("(none)"));
      ASSERT_EQ(r.status, 415) << r.body;
      EXPECT_EQ(r.json()["code"], "request.unsupported_media_type");
      EXPECT_NE(r.json()["errors"][0].get<std::string>().find("application/json"),
                std::string::npos);
    }
  }
  EXPECT_EQ(AdminClient(client(), token_).get("/portal-api/audit-events?per_page=100").body,
            before);
  // Parameters are allowed and the type is compared case-insensitively.
  for (const char* type : {"application/json", "application/json; charset=utf-8",
                           "Application/JSON", " application/json ;charset=UTF-8"}) {
    auto r = send("POST", "/portal-api/api-tokens", std::string(type), R"({"Name":"ci"})");
    EXPECT_EQ(r.status, 201) << type << ": " << r.body;
  }
}

TEST_F(JsonBodyTest, TheConsumerAdminsJsonInvitationNeedsJsonToo) {
  AdminClient admin(client(), token_);
  auto org = admin.post("/portal-api/organisations", {{"Name", "Acme"}});
  auto user = admin.post("/portal-api/users", {{"Email", "dave@acme.example"},
                                               {"First", "Dave"},
                                               {"Last", "Admin"},
                                               {"Role", "consumer-admin"},
                                               {"OrganisationID", org.json()["ID"]},
                                               {"Password", "quiet harbour of copper bells"}});
  ASSERT_EQ(user.status, 200) << user.body;
  Browser dave(client());
  ASSERT_EQ(dave.login("dave@acme.example", "quiet harbour of copper bells").status, 303);
  const std::string body = R"({"Email":"new@acme.example","First":"New","Last":"One","Teams":[)" +
                           org.json()["Teams"][0]["ID"].dump() + "]}";
  const auto post = [&](const std::string& type, const std::string& text) {
    return client().request("POST", "/portal/private/users/invite",
                            {{"Content-Type", type}, {"Cookie", dave.cookie_header()}}, text);
  };
  // The type is compared case-insensitively, with parameters, and the body checked for
  // duplicate keys.
  auto twice = post("application/JSON; charset=utf-8",
                    R"({"Email":"new@acme.example","First":"New","Email":"x@acme.example"})");
  EXPECT_EQ(twice.status, 400) << twice.body;
  EXPECT_EQ(twice.json()["code"], "request.duplicate_key");
  auto created = post("Application/Json", body);
  EXPECT_EQ(created.status, 201) << created.body;
}

TEST_F(JsonBodyTest, ADuplicateKeyIs400NamingItAndChangesNothing) {
  AdminClient admin(client(), token_);
  const auto users_before = admin.get("/portal-api/users").body;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"Email":"a@example.com","First":"A","Last":"B","Email":"b@example.com"})", "Email"},
      {R"({"Email":"a@example.com","First":"A","First":"A"})", "First"},
      {R"({"Email":"a@example.com","First":"A","Teams":[{"ID":1,"ID":2}]})", "ID"},
      {R"({"Email":"a@example.com","First":"A","Role":"consumer-admin","Rol\u0065":"x"})", "Role"},
  };
  for (const auto& [body, key] : cases) {
    auto r = admin.post_raw("/portal-api/users", body);
    SCOPED_TRACE(body);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["code"], "request.duplicate_key");
    EXPECT_EQ(r.json()["fields"][0]["field"], key);
    EXPECT_EQ(r.json()["errors"][0], key + ": appears more than once in an object");
  }
  EXPECT_EQ(admin.get("/portal-api/users").body, users_before);
  // The same key in different objects is fine.
  auto ok = admin.post_raw("/portal-api/organisations",
                           R"({"Name":"Acme","Teams":[{"Name":"x"},{"Name":"y"}]})");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

}  // namespace
}  // namespace atrium::testing
