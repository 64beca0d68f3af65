// Sign-in over real HTTP: sessions, cookies, CSRF, throttling, forced change, enumeration safety.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>

#include "admin_client.hpp"
#include "browser.hpp"
#include "crypto/argon2id_hasher.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/user_repository.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

constexpr const char* kPassword = "a good long passphrase";

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }

  void start(app::EnvVars env) {
    portal_.reset();
    db_ = std::make_unique<ScratchDatabase>();
    if (!db_->available()) GTEST_SKIP() << "PostgreSQL not available";
    portal_ = std::make_unique<TestPortal>(*db_, std::move(env));
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
  }

  nlohmann::json make_user(const std::string& email,
                           nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json body = {
        {"Email", email}, {"First", "Ada"}, {"Last", "Lovelace"}, {"Password", kPassword}};
    body.update(extra);
    auto r = admin_->post("/portal-api/users", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  Browser browser() { return Browser(portal_->client()); }
  std::string user_path(const nlohmann::json& user) {
    return "/portal-api/users/" + std::to_string(user["ID"].get<long long>());
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TestPortal> portal_;
  std::unique_ptr<AdminClient> admin_;
};

std::string cookie_named(const std::vector<std::string>& set_cookies, const std::string& name) {
  for (const auto& c : set_cookies) {
    if (c.rfind(name + "=", 0) == 0) return c;
  }
  return {};
}

TEST_F(SignInTest, PublicPagesNeedNoLogin) {
  Browser b = browser();
  EXPECT_EQ(b.get("/").status, 200);
  auto login = b.get("/auth/password/login");
  EXPECT_EQ(login.status, 200);
  EXPECT_EQ(login.header("content-type"), "text/html; charset=utf-8");
  EXPECT_FALSE(b.csrf().empty());
  EXPECT_EQ(b.get("/static/atrium.css").status, 200);
  auto private_page = b.get("/portal/private/dashboard");
  EXPECT_EQ(private_page.status, 303);
  EXPECT_EQ(private_page.header("location"),
            "/auth/password/login?next=%2Fportal%2Fprivate%2Fdashboard");
}

TEST_F(SignInTest, LoginSetsAHardenedSessionCookieAndLandsOnTheDashboard) {
  make_user("ada@example.com");
  Browser b = browser();
  auto r = b.login("ada@example.com", kPassword);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), "/portal/private/dashboard");
  const std::string cookie = cookie_named(b.last_set_cookies(), "portal-session");
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_GE(b.cookies()["portal-session"].size(), 43U);  // 256 bits, base64url
  auto dashboard = b.get("/portal/private/dashboard");
  EXPECT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("Ada"), std::string::npos);
  EXPECT_NE(dashboard.body.find("Default Organisation"), std::string::npos);
}

TEST_F(SignInTest, CookieSettingsComeFromConfiguration) {
  start({{"PORTAL_SESSION_NAME", "my-portal"},
         {"PORTAL_SESSION_SECURE", "true"},
         {"PORTAL_SESSION_SAMESITE", "Lax"}});
  make_user("ada@example.com");
  Browser b = browser();
  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  const std::string cookie = cookie_named(b.last_set_cookies(), "my-portal");
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_F(SignInTest, OwnersLandOnTheAdminPortal) {
  Browser b = browser();
  auto r = b.login("owner@example.com", "a long test password");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/admin");
  EXPECT_EQ(b.get("/admin").status, 200);
  EXPECT_EQ(b.get("/admin/profile").status, 200);  // the layout's Profile link for owners
  Browser consumer = browser();
  make_user("ada@example.com");
  consumer.login("ada@example.com", kPassword);
  EXPECT_EQ(consumer.get("/admin").status, 404);
}

TEST_F(SignInTest, ANewIdAtLoginAndTheOldOneIsRejected) {
  make_user("ada@example.com");
  Browser b = browser();
  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  const std::string first = b.cookies()["portal-session"];
  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  const std::string second = b.cookies()["portal-session"];
  EXPECT_NE(first, second);
  Browser old = browser();
  old.cookies()["portal-session"] = first;
  EXPECT_EQ(old.get("/portal/private/dashboard").status, 303);
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 200);
}

TEST_F(SignInTest, IdleAndAbsoluteTimeouts) {
  make_user("ada@example.com");
  Browser b = browser();
  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  portal_->clock().advance(std::chrono::minutes(59));
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 200);  // activity keeps it alive
  portal_->clock().advance(std::chrono::minutes(61));
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 303);  // idle for over an hour

  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  for (int i = 0; i < 7 * 24 * 2 - 1; ++i) {  // active every 30 minutes for almost 7 days
    portal_->clock().advance(std::chrono::minutes(30));
    ASSERT_EQ(b.get("/portal/private/dashboard").status, 200) << i;
  }
  portal_->clock().advance(std::chrono::minutes(31));
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 303);  // past the absolute lifetime
}

TEST_F(SignInTest, LogoutEndsTheSessionOnTheServer) {
  make_user("ada@example.com");
  Browser b = browser();
  b.login("ada@example.com", kPassword);
  b.get("/portal/private/dashboard");
  const std::string token = b.cookies()["portal-session"];
  auto out = b.post("/auth/password/logout", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(cookie_named(b.last_set_cookies(), "portal-session").find("Max-Age=0"),
            std::string::npos);
  Browser replay = browser();
  replay.cookies()["portal-session"] = token;
  EXPECT_EQ(replay.get("/portal/private/dashboard").status, 303);
}

TEST_F(SignInTest, DeactivationDeletionAndPasswordChangesEndSessions) {
  auto ada = make_user("ada@example.com");
  auto bob = make_user("bob@example.com");
  auto cy = make_user("cy@example.com");
  Browser a = browser(), b = browser(), c = browser();
  a.login("ada@example.com", kPassword);
  b.login("bob@example.com", kPassword);
  c.login("cy@example.com", kPassword);
  for (Browser* x : {&a, &b, &c}) ASSERT_EQ(x->get("/portal/private/dashboard").status, 200);
  EXPECT_EQ(admin_->put(user_path(ada), {{"Active", false}}).status, 200);
  EXPECT_EQ(admin_->del(user_path(bob)).status, 200);
  EXPECT_EQ(admin_->put(user_path(cy), {{"Password", "another fine passphrase"}}).status, 200);
  EXPECT_EQ(a.get("/portal/private/dashboard").status, 303);
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 303);
  EXPECT_EQ(c.get("/portal/private/dashboard").status, 303);
}

TEST_F(SignInTest, AnOwnerCanEndAUsersSessions) {
  auto ada = make_user("ada@example.com");
  Browser a = browser(), b = browser();
  a.login("ada@example.com", kPassword);
  b.login("ada@example.com", kPassword);
  auto r = admin_->del(user_path(ada) + "/sessions");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["SessionsEnded"], 2);
  EXPECT_EQ(a.get("/portal/private/dashboard").status, 303);
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 303);
  EXPECT_EQ(admin_->del("/portal-api/users/999999/sessions").status, 404);
  auto events = admin_->get("/portal-api/audit-events?action=user.sessions_end").json();
  EXPECT_EQ(events.size(), 1U);
}

TEST_F(SignInTest, AHashWithOldParametersIsReplacedAtLogin) {
  auto ada = make_user("ada@example.com");
  const auto hash_of = [&](TestPortal& p) {
    auto h = p.app().database().read_result([&](Transaction& tx) {
      return tx.get<atrium::UserRepository>().password_hash(ada["ID"].get<long long>());
    });
    return h && *h ? **h : std::string();
  };
  const std::string before = hash_of(*portal_);
  EXPECT_NE(before.find("m=64,"), std::string::npos) << before;
  portal_.reset();
  portal_ =
      std::make_unique<TestPortal>(*db_, app::EnvVars{{"PORTAL_PASSWORD_HASHMEMORY", "128KiB"}});
  Browser b = browser();
  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  const std::string after = hash_of(*portal_);
  EXPECT_NE(after.find("m=128,"), std::string::npos) << after;
  EXPECT_EQ(browser().login("ada@example.com", kPassword).status, 303);
}

TEST_F(SignInTest, ForcedPasswordChange) {
  make_user("ada@example.com", {{"ResetPassword", true}});
  Browser b = browser();
  auto r = b.login("ada@example.com", kPassword);
  EXPECT_EQ(r.header("location"), "/auth/password/change");
  auto dash = b.get("/portal/private/dashboard");
  EXPECT_EQ(dash.status, 303);
  EXPECT_EQ(dash.header("location"), "/auth/password/change");
  EXPECT_EQ(b.get("/portal/private/profile").header("location"), "/auth/password/change");
  auto page = b.get("/auth/password/change");
  EXPECT_EQ(page.status, 200);
  auto changed = b.post("/auth/password/change", {{"new_password", "a brand new passphrase"},
                                                  {"confirm_password", "a brand new passphrase"}});
  ASSERT_EQ(changed.status, 303) << changed.body;
  EXPECT_EQ(changed.header("location"), "/portal/private/dashboard");
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 200);
  Browser again = browser();
  EXPECT_EQ(again.login("ada@example.com", "a brand new passphrase").header("location"),
            "/portal/private/dashboard");
}

TEST_F(SignInTest, PasswordPolicyOnTheChangePage) {
  make_user("ada.lovelace@example.com");
  Browser b = browser();
  b.login("ada.lovelace@example.com", kPassword);
  b.get("/auth/password/change");
  struct Case {
    std::string current, next, confirm, expected;
  };
  const std::vector<Case> cases = {
      {kPassword, "short", "short", "at least 8 characters"},
      {kPassword, "password1", "password1", "too common"},
      {kPassword, "my ada.lovelace pass", "my ada.lovelace pass", "email"},
      {kPassword, "password123", "password123", "too easy to guess"},
      {kPassword, "Lovelace1815", "Lovelace1815", "too easy to guess"},
      {kPassword, "a brand new passphrase", "a different one", "does not match"},
      {"wrong current password", "a brand new passphrase", "a brand new passphrase",
       "is incorrect"},
      {kPassword, std::string(129, 'x'), std::string(129, 'x'), "at most 128"},
  };
  for (const auto& c : cases) {
    auto r = b.post("/auth/password/change", {{"current_password", c.current},
                                              {"new_password", c.next},
                                              {"confirm_password", c.confirm}});
    EXPECT_EQ(r.status, 400) << c.expected;
    EXPECT_NE(r.body.find(c.expected), std::string::npos) << c.expected << "\n" << r.body;
  }
  // 128 code points are accepted in full: two-byte letters (U+00C0 to U+00FF) in an order that
  // zxcvbn finds no pattern in.
  std::string long_ok;
  for (int i = 0; i < 128; ++i) {
    long_ok += '\xC3';
    long_ok += static_cast<char>(0x80 + (37 * i + i * i) % 64);
  }
  auto ok = b.post(
      "/auth/password/change",
      {{"current_password", kPassword}, {"new_password", long_ok}, {"confirm_password", long_ok}});
  EXPECT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(browser().login("ada.lovelace@example.com", long_ok).status, 303);
}

TEST_F(SignInTest, FailedLoginsAreThrottledThenRecover) {
  make_user("ada@example.com");
  Browser b = browser();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(b.login("ada@example.com", "wrong password " + std::to_string(i)).status, 401);
  }
  auto limited = b.login("ada@example.com", kPassword);
  EXPECT_EQ(limited.status, 429);
  ASSERT_TRUE(limited.header("retry-after").has_value());
  const int wait = std::stoi(*limited.header("retry-after"));
  EXPECT_GT(wait, 0);
  EXPECT_NE(limited.body.find("try again in"), std::string::npos);
  portal_->clock().advance(std::chrono::seconds(wait));
  EXPECT_EQ(b.login("ada@example.com", kPassword).status, 303);
}

TEST_F(SignInTest, CsrfIsRequiredOnEveryStateChangingForm) {
  make_user("ada@example.com");
  Browser b = browser();
  b.get("/auth/password/login");
  auto no_token = b.post("/auth/password/login",
                         {{"email", "ada@example.com"}, {"password", kPassword}}, false);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_TRUE(b.cookies().count("portal-session") == 0);
  auto wrong =
      b.post("/auth/password/login",
             {{"email", "ada@example.com"}, {"password", kPassword}, {"csrf_token", "forged"}});
  EXPECT_EQ(wrong.status, 403);
  ASSERT_EQ(b.login("ada@example.com", kPassword).status, 303);
  b.get("/portal/private/dashboard");
  EXPECT_EQ(b.post("/auth/password/logout", {{"csrf_token", "forged"}}).status, 403);
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 200);  // still signed in
  b.get("/auth/password/change");
  EXPECT_EQ(b.post("/auth/password/change",
                   {{"current_password", kPassword},
                    {"new_password", "a brand new passphrase"},
                    {"confirm_password", "a brand new passphrase"}},
                   false)
                .status,
            403);
  EXPECT_EQ(browser().login("ada@example.com", kPassword).status, 303);  // unchanged
}

TEST_F(SignInTest, UnknownEmailAndWrongPasswordLookTheSame) {
  make_user("ada@example.com");
  Browser b = browser();
  b.get("/auth/password/login");
  auto unknown = b.post("/auth/password/login",
                        {{"email", "nobody@example.com"}, {"password", "whatever pass"}});
  const auto unknown_cookies = b.last_set_cookies();
  auto wrong =
      b.post("/auth/password/login", {{"email", "ada@example.com"}, {"password", "whatever pass"}});
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown_cookies, b.last_set_cookies());
  auto normalise = [](std::string body, const std::string& email) {
    return std::regex_replace(body, std::regex(email), "EMAIL");
  };
  EXPECT_EQ(normalise(unknown.body, "nobody@example.com"),
            normalise(wrong.body, "ada@example.com"));
  // The real state is told only after a correct password.
  make_user("off@example.com", {{"Active", false}});
  auto off_wrong =
      b.post("/auth/password/login", {{"email", "off@example.com"}, {"password", "whatever pass"}});
  EXPECT_EQ(off_wrong.status, 401);
  EXPECT_EQ(off_wrong.body.find("not active"), std::string::npos);
  auto off_right =
      b.post("/auth/password/login", {{"email", "off@example.com"}, {"password", kPassword}});
  EXPECT_EQ(off_right.status, 403);
  EXPECT_NE(off_right.body.find("not active"), std::string::npos);
}

TEST_F(SignInTest, SignOutMyOtherSessions) {
  make_user("ada@example.com");
  Browser laptop = browser(), phone = browser();
  laptop.login("ada@example.com", kPassword);
  phone.login("ada@example.com", kPassword);
  auto profile = laptop.get("/portal/private/profile");
  ASSERT_EQ(profile.status, 200);
  EXPECT_NE(profile.body.find(R"(action="/auth/sessions/end-others")"), std::string::npos);
  auto ended = laptop.post("/auth/sessions/end-others", {});
  EXPECT_EQ(ended.status, 303);
  EXPECT_EQ(ended.header("location"), "/portal/private/profile");
  // The flash is kept in the session, shown once, and not on a reload.
  EXPECT_NE(laptop.get("/portal/private/profile").body.find("Signed out of 1 other session."),
            std::string::npos);
  EXPECT_EQ(laptop.get("/portal/private/profile").body.find("Signed out of"), std::string::npos);
  EXPECT_EQ(phone.get("/portal/private/dashboard").status, 303);
  EXPECT_EQ(laptop.get("/portal/private/dashboard").status, 200);
}

TEST_F(SignInTest, EveryFormOnThePagesPostsToARealRoute) {
  make_user("ada@example.com");
  Browser owner = browser(), consumer = browser();
  owner.login("owner@example.com", "a long test password");
  consumer.login("ada@example.com", kPassword);
  const std::regex action(R"re(<form[^>]*method="post"[^>]*action="([^"]+)")re");
  for (auto [who, path] :
       std::vector<std::pair<Browser*, std::string>>{{&owner, "/admin"},
                                                     {&owner, "/admin/profile"},
                                                     {&consumer, "/portal/private/dashboard"},
                                                     {&consumer, "/portal/private/profile"},
                                                     {&consumer, "/auth/password/change"}}) {
    const std::string body = who->get(path).body;
    int forms = 0;
    for (std::sregex_iterator it(body.begin(), body.end(), action), end; it != end; ++it) {
      ++forms;
      // A wrong CSRF token is refused with 403; a route that does not exist would be 404/405.
      Browser stranger = browser();
      stranger.cookies() = who->cookies();
      const long status = stranger.post((*it)[1], {{"csrf_token", "forged"}}).status;
      EXPECT_EQ(status, 403) << path << " -> " << (*it)[1];
    }
    EXPECT_GT(forms, 0) << path;
  }
}

TEST_F(SignInTest, PagesEscapeUserContent) {
  make_user("xss@example.com", {{"First", "<script>alert(1)</script>"}});
  Browser b = browser();
  b.login("xss@example.com", kPassword);
  auto dash = b.get("/portal/private/dashboard");
  EXPECT_EQ(dash.body.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(dash.body.find("&lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing

namespace atrium::testing {
namespace {

// Counts verifications, delegating to a real (fast) Argon2id hasher.
class CountingHasher final : public PasswordHasher {
 public:
  Result<std::string> hash(std::string_view password) override { return real_.hash(password); }
  bool verify(std::string_view hash, std::string_view password) override {
    ++verifications;
    return real_.verify(hash, password);
  }
  bool needs_rehash(std::string_view hash) override { return real_.needs_rehash(hash); }
  std::atomic<int> verifications{0};

 private:
  crypto::Argon2idHasher real_{crypto::Argon2idParams{64U * 1024U, 1, 2}};
};

TEST(SignInHashing, UnknownEmailAndWrongPasswordBothRunOneVerification) {
  ScratchDatabase db;
  ATRIUM_REQUIRE_DATABASE(db);
  CountingHasher hasher;
  TestPortal portal(db, {}, &hasher);
  AdminClient admin(portal.client(), portal.bootstrap_token());
  ASSERT_EQ(admin
                .post("/portal-api/users", {{"Email", "ada@example.com"},
                                            {"First", "A"},
                                            {"Last", "L"},
                                            {"Password", kPassword}})
                .status,
            200);
  Browser b(portal.client());
  b.get("/auth/password/login");
  int before = hasher.verifications;
  b.post("/auth/password/login", {{"email", "ghost@example.com"}, {"password", "whatever pass"}});
  EXPECT_EQ(hasher.verifications - before, 1);
  before = hasher.verifications;
  b.post("/auth/password/login", {{"email", "ada@example.com"}, {"password", "whatever pass"}});
  EXPECT_EQ(hasher.verifications - before, 1);
}

}  // namespace
}  // namespace atrium::testing
