// Text from a request that is not well-formed UTF-8 (or holds NUL) gets a 400 naming where it
// was, before any SQL, on both databases (issue 16 item 2: PostgreSQL answered 500, "invalid
// byte sequence for encoding UTF8", where SQLite answered 404).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "admin_client.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

class BadUtf8Test : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    token_ = portal_->bootstrap_token();
  }

  HttpResult send(const std::string& method, const std::string& path,
                  const std::string& content_type = "application/json",
                  const std::optional<std::string>& body = std::nullopt) {
    return client().request(method, path,
                            {{"Authorization", token_}, {"Content-Type", content_type}}, body);
  }

  // A 400 "request.invalid" whose field error names `field`.
  static void expect_refused(const HttpResult& r, const std::string& field,
                             const std::string& what) {
    EXPECT_EQ(r.status, 400) << what << ": " << r.body;
    if (r.status != 400) return;
    const auto body = r.json();
    EXPECT_EQ(body["code"], "request.invalid") << what << ": " << r.body;
    ASSERT_TRUE(body.contains("fields")) << what << ": " << r.body;
    EXPECT_EQ(body["fields"][0]["field"], field) << what << ": " << r.body;
  }

  std::string token_;
};

TEST_F(BadUtf8Test, BadIdsInPathsAre400NamingTheParameter) {
  struct Case {
    std::string method;
    std::string path;
    std::string field;
  };
  std::vector<Case> cases;
  for (const char* method : {"GET", "PUT", "DELETE"}) {
    cases.push_back({method, "/portal-api/users/%FF", "id"});
    cases.push_back({method, "/portal-api/organisations/%FF", "id"});
    cases.push_back({method, "/portal-api/organisations/1/teams/%FF", "team_id"});
    cases.push_back({method, "/portal-api/invite-codes/%FF", "id"});
  }
  cases.push_back({"POST", "/portal-api/users/%FF/activate", "id"});
  cases.push_back({"POST", "/portal-api/users/%FF/deactivate", "id"});
  cases.push_back({"GET", "/portal-api/users/%00", "id"});                // NUL
  cases.push_back({"GET", "/portal-api/users/%C3%28", "id"});             // a broken sequence
  cases.push_back({"GET", "/portal-api/organisations/%ED%A0%80", "id"});  // a surrogate
  cases.push_back({"GET", "/portal-api/organisations/%FF/teams", "id"});
  for (const auto& c : cases) {
    const bool with_body = c.method == "PUT" || c.method == "POST";
    expect_refused(send(c.method, c.path, "application/json",
                        with_body ? std::optional<std::string>("{}") : std::nullopt),
                   c.field, c.method + " " + c.path);
  }
  // Well-formed ids that name nothing are still simply not found.
  EXPECT_EQ(send("GET", "/portal-api/users/%C3%A9").status, 404);
  EXPECT_EQ(send("GET", "/portal-api/organisations/nope").status, 404);
  EXPECT_EQ(send("GET", "/portal-api/invite-codes/%E6%97%A5").status, 404);
}

TEST_F(BadUtf8Test, BadQueryParametersAre400NamingThem) {
  expect_refused(send("GET", "/portal-api/users?Email=%FF"), "Email", "bad value");
  expect_refused(send("GET", "/portal-api/users?search=ab%00"), "search", "NUL in a value");
  expect_refused(send("GET", "/portal-api/organisations?page=1&%FF=1"), "\\xFF", "bad name");
  EXPECT_EQ(send("GET", "/portal-api/users?Email=z%C3%BC%40example.com").status, 200);
}

TEST_F(BadUtf8Test, BadHeaderValuesAre400NamingThem) {
  const auto r = client().request("GET", "/portal-api/users",
                                  {{"Authorization", token_}, {"X-Note", "caf\xE9"}});
  expect_refused(r, "header x-note", "Latin-1 header");
}

TEST_F(BadUtf8Test, BadFormFieldsAre400NamingThem) {
  const auto r = client().request("POST", "/auth/password/login",
                                  {{"Content-Type", "application/x-www-form-urlencoded"}},
                                  std::string("email=%FF%40example.com&password=x&csrf_token=y"));
  expect_refused(r, "email", "bad form field");
  // The pages read a body as a form whatever its type says (unless JSON): so does the check.
  const auto untyped =
      client().request("POST", "/auth/password/login", {{"Content-Type", "text/plain"}},
                       std::string("email=a%40example.com&password=%C0"));
  expect_refused(untyped, "password", "form without its content type");
}

TEST_F(BadUtf8Test, AnApiJsonBodyIsNotReadAsAForm) {
  // "%FF" in JSON is just text. curl -d sends JSON as application/x-www-form-urlencoded: that is
  // a 415, not a form with a malformed field.
  AdminClient admin(client(), token_);
  auto created = admin.post("/portal-api/users", {{"Email", "pc@example.com"},
                                                  {"First", "Per"},
                                                  {"Last", "Cent"},
                                                  {"Password", "a long unusual passphrase"}});
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string id = std::to_string(created.json()["ID"].get<long long>());
  const auto as_form = send("PUT", "/portal-api/users/" + id, "application/x-www-form-urlencoded",
                            std::string(R"({"First": "100%FF"})"));
  EXPECT_EQ(as_form.status, 415) << as_form.body;
  const auto r = send("PUT", "/portal-api/users/" + id, "application/json",
                      std::string(R"({"First": "100%FF"})"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(admin.get("/portal-api/users/" + id).json()["First"], "100%FF");
}

}  // namespace
}  // namespace atrium::testing
