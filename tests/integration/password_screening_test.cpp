// Password screening with zxcvbn (issue 16, item 7) wherever a password is set: the admin API
// (create, update), bootstrap, registration, invitation acceptance and reset (change password:
// SignInTest.PasswordPolicyOnTheChangePage). A refusal is a 400 naming the password field, never
// echoes the password, and changes nothing.
#include <gtest/gtest.h>

#include <string>

#include "admin_client.hpp"
#include "browser.hpp"
#include "support/smtp_sink.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

constexpr const char* kWeak = "password123";  // not on the short list; zxcvbn scores it 0
constexpr const char* kStrong = "plum lantern orbit seven";

std::string id_of(const nlohmann::json& record) {
  return std::to_string(record["ID"].get<long long>());
}

bool names_field(const HttpResult& r, const std::string& field) {
  const auto body = r.json();
  return body.contains("fields") && !body["fields"].empty() && body["fields"][0]["field"] == field;
}

class PasswordScreeningTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }

  // (Re)starts the portal on the same database; an owner's token stays valid.
  void start(app::EnvVars env) {
    const std::string token = admin_ ? admin_->token() : "";
    admin_.reset();
    portal_.reset();
    if (!db_.available()) GTEST_SKIP() << "PostgreSQL not available";
    portal_ = std::make_unique<TestPortal>(db_, std::move(env));
    if (!token.empty()) admin_ = std::make_unique<AdminClient>(portal_->client(), token);
  }

  AdminClient& admin() {
    if (!admin_)
      admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
    return *admin_;
  }
  HttpClient& client() { return portal_->client(); }

  HttpResult create_user(const std::string& email, const std::string& password,
                         const std::string& first = "Ann", const std::string& last = "Lee") {
    return admin().post("/portal-api/users", {{"Email", email},
                                              {"First", first},
                                              {"Last", last},
                                              {"Password", password},
                                              {"Role", "consumer-team-member"}});
  }

  // The link starting with `path` in the newest queued message to `to` (no SMTP: an owner reads
  // the outbox).
  std::string link_to(const std::string& to, const std::string& path) {
    const auto queued = admin().get("/portal-api/outbox?to=" + to).json();
    if (queued.empty()) return {};
    const std::string base = "http://localhost:" + std::to_string(portal_->app().port());
    return extract_link(queued[0]["Text"].get<std::string>(), base + path);
  }

  // Posts a password through an emailed link's form (invitation or reset).
  HttpResult set_password(const std::string& link, const std::string& password) {
    const std::string path = link.substr(link.find('/', link.find("://") + 3));
    Browser b(client());
    EXPECT_EQ(b.get(path).status, 200) << path;
    return b.post(path.substr(0, path.find('?')), {{"token", path.substr(path.find("token=") + 6)},
                                                   {"Password", password},
                                                   {"PasswordConfirmation", password}});
  }

  bool signs_in(const std::string& email, const std::string& password) {
    Browser b(client());
    return b.login(email, password).status == 303;
  }

  ScratchDatabase db_;
  std::unique_ptr<TestPortal> portal_;
  std::unique_ptr<AdminClient> admin_;
};

TEST_F(PasswordScreeningTest, TheAdminApiRefusesWeakPasswordsOnCreateAndUpdate) {
  for (const char* weak : {"password123", "Password1!", "Ann.Lee2024"}) {
    auto r = create_user("ann.lee@example.com", weak);
    EXPECT_EQ(r.status, 400) << weak << ": " << r.body;
    EXPECT_TRUE(names_field(r, "Password")) << r.body;
    EXPECT_EQ(r.body.find(weak), std::string::npos) << "the password is echoed";
  }
  EXPECT_TRUE(admin().get("/portal-api/users?email=ann.lee@example.com").json().empty());

  auto created = create_user("ann.lee@example.com", kStrong);
  ASSERT_EQ(created.status, 200) << created.body;
  auto weak = admin().put("/portal-api/users/" + id_of(created.json()), {{"Password", kWeak}});
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_TRUE(names_field(weak, "Password"));
  EXPECT_TRUE(signs_in("ann.lee@example.com", kStrong)) << "the refused update changed it";
}

TEST_F(PasswordScreeningTest, TheUsersOwnNamesCountAgainstTheirPassword) {
  auto own = create_user("kp@example.com", "PrzybylskiKasia!", "Kasia", "Przybylski");
  EXPECT_EQ(own.status, 400) << own.body;
  EXPECT_NE(own.body.find("too easy to guess"), std::string::npos) << own.body;
  EXPECT_EQ(create_user("al@example.com", "PrzybylskiKasia!").status, 200);
  // An update checks the names the user will have: renaming in the same request counts.
  auto renamed =
      admin().put("/portal-api/users/" + id_of(create_user("x@example.com", kStrong).json()),
                  {{"First", "Kasia"}, {"Last", "Przybylski"}, {"Password", "PrzybylskiKasia!"}});
  EXPECT_EQ(renamed.status, 400) << renamed.body;
}

TEST_F(PasswordScreeningTest, ThePortalsNameCountsAgainstPasswords) {
  EXPECT_EQ(create_user("a@example.com", "Zorblatt2024").status, 200);
  start({{"PORTAL_SITE_NAME", "Zorblatt Hub"}});
  EXPECT_EQ(create_user("b@example.com", "Zorblatt2024").status, 400);
}

TEST_F(PasswordScreeningTest, BootstrapRefusesAWeakPassword) {
  auto weak = client().post_json("/portal-api/bootstrap",
                                 {{"username", "owner@example.com"}, {"password", kWeak}});
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_TRUE(names_field(weak, "password")) << weak.body;
  auto strong = client().post_json("/portal-api/bootstrap",
                                   {{"username", "owner@example.com"}, {"password", kStrong}});
  EXPECT_EQ(strong.status, 200) << "the refusal bootstrapped nothing: " << strong.body;
}

TEST_F(PasswordScreeningTest, RegistrationRefusesAWeakPassword) {
  admin();  // bootstrapped, so that the outbox can be read
  Browser b(client());
  ASSERT_EQ(b.get("/auth/password/register").status, 200);
  auto r = b.post("/auth/password/register", {{"Email", "reg@example.com"},
                                              {"First", "Reggie"},
                                              {"Last", "Strant"},
                                              {"Password", "Password1!"},
                                              {"PasswordConfirmation", "Password1!"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("too easy to guess"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Password1!"), std::string::npos) << "the password is echoed";
  EXPECT_TRUE(admin().get("/portal-api/users?email=reg@example.com").json().empty());
}

TEST_F(PasswordScreeningTest, InvitationAndResetLinksRefuseAWeakPasswordAndStayUsable) {
  auto invited = admin().post("/portal-api/users",
                              {{"Email", "inv@example.com"}, {"First", "Ivy"}, {"Last", "Vee"}});
  ASSERT_EQ(invited.status, 200) << invited.body;
  const std::string invitation = link_to("inv@example.com", "/auth/password/register?token=");
  ASSERT_FALSE(invitation.empty());
  auto weak = set_password(invitation, kWeak);
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("too easy to guess"), std::string::npos) << weak.body;
  EXPECT_EQ(set_password(invitation, kStrong).status, 200);
  EXPECT_TRUE(signs_in("inv@example.com", kStrong));

  Browser b(client());
  ASSERT_EQ(b.get("/auth/password/new").status, 200);
  ASSERT_EQ(b.post("/auth/password/new", {{"Email", "inv@example.com"}}).status, 200);
  const std::string reset = link_to("inv@example.com", "/auth/reset/code?token=");
  ASSERT_FALSE(reset.empty());
  auto weak_reset = set_password(reset, "Password1!");
  EXPECT_EQ(weak_reset.status, 400);
  EXPECT_NE(weak_reset.body.find("too easy to guess"), std::string::npos) << weak_reset.body;
  EXPECT_TRUE(signs_in("inv@example.com", kStrong)) << "the refused reset changed it";
  EXPECT_EQ(set_password(reset, "fresh tulips beside granite").status, 200);
  EXPECT_TRUE(signs_in("inv@example.com", "fresh tulips beside granite"));
}

TEST_F(PasswordScreeningTest, MinStrengthZeroTurnsTheEstimateOff) {
  start({{"PORTAL_PASSWORD_MINSTRENGTH", "0"}});
  EXPECT_EQ(create_user("ann@example.com", kWeak).status, 200);
  EXPECT_TRUE(signs_in("ann@example.com", kWeak));
  // The compiled-in list still applies.
  EXPECT_EQ(create_user("bob@example.com", "password").status, 400);
}

}  // namespace
}  // namespace atrium::testing
