// Onboarding end to end (DESIGN §3–§4): the real server sends real email to a real SMTP server
// (aiosmtpd); each test reads the link out of the received message and follows it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <latch>
#include <map>
#include <thread>

#include "admin_client.hpp"
#include "app/background_jobs.hpp"
#include "browser.hpp"
#include "support/smtp_sink.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "a good long passphrase";
constexpr const char* kNewPassword = "another fine passphrase";

// The path and query of an absolute link from an email.
std::string path_of(const std::string& link) {
  const auto scheme = link.find("://");
  if (scheme == std::string::npos) return link;
  const auto slash = link.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : link.substr(slash);
}

std::string token_of(const std::string& link) {
  const auto at = link.find("token=");
  return at == std::string::npos ? "" : link.substr(at + 6);
}

class OnboardingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>();
    if (!db_->available()) GTEST_SKIP() << "PostgreSQL not available";
    portal_ = start_portal(true);
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
  }

  app::EnvVars env(bool with_smtp) {
    app::EnvVars e = {{"PORTAL_OUTBOX_POLLINTERVAL", "50ms"},
                      {"PORTAL_OUTBOX_RETRYBASE", "1s"},
                      {"PORTAL_SITE_NAME", "Acme Developer Portal"}};
    if (with_smtp) {
      e["PORTAL_SMTP_HOST"] = "127.0.0.1";
      e["PORTAL_SMTP_PORT"] = std::to_string(sink_.port());
      e["PORTAL_EMAIL_FROM"] = "portal@acme.example";
    }
    return e;
  }

  std::unique_ptr<TestPortal> start_portal(bool with_smtp, const app::EnvVars& extra = {}) {
    app::EnvVars e = env(with_smtp);
    for (const auto& [k, v] : extra) e[k] = v;
    return std::make_unique<TestPortal>(*db_, e);
  }

  Browser browser() { return Browser(portal_->client()); }

  // The messages sent to `to` once there are `count` of them in all.
  std::vector<ReceivedEmail> mail_to(const std::string& to, std::size_t count = 1) {
    return sink_.wait_for_messages_to(to, count);
  }

  // The link starting with `path` in the latest message to `to` (both parts must carry it).
  std::string link_in_mail(const std::string& to, const std::string& path, std::size_t nth = 1) {
    auto mails = mail_to(to, nth);
    EXPECT_GE(mails.size(), nth) << "no email to " << to;
    if (mails.size() < nth) return {};
    const auto& m = mails[nth - 1];
    std::string link = extract_link(m.text.value_or(""), base() + path);
    EXPECT_FALSE(link.empty()) << m.text.value_or("");
    EXPECT_NE(m.html.value_or("").find(link), std::string::npos);
    return link;
  }

  // Where emailed links point.
  std::string base() { return "http://localhost:" + std::to_string(portal_->app().port()); }

  nlohmann::json create_user(const nlohmann::json& body) {
    auto r = admin_->post("/portal-api/users", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  nlohmann::json user(long long id) {
    auto r = admin_->get("/portal-api/users/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  long long team_of(long long organisation, const std::string& name) {
    auto r = admin_->post("/portal-api/organisations/" + std::to_string(organisation) + "/teams",
                          {{"Name", name}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["ID"].get<long long>();
  }

  long long organisation(const std::string& name) {
    auto r = admin_->post("/portal-api/organisations", {{"Name", name}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["ID"].get<long long>();
  }

  // Registers through the page; returns the page's status.
  long register_user(Browser& b, const std::string& email, const std::string& code = "") {
    EXPECT_EQ(b.get("/auth/password/register").status, 200);
    return b
        .post("/auth/password/register", {{"Email", email},
                                          {"First", "Grace"},
                                          {"Last", "Hopper"},
                                          {"Password", kPassword},
                                          {"PasswordConfirmation", kPassword},
                                          {"InviteCode", code}})
        .status;
  }

  // Follows a confirmation link: GET shows a button, POST confirms.
  HttpResult confirm(Browser& b, const std::string& link) {
    EXPECT_EQ(b.get(path_of(link)).status, 200);
    return b.post("/auth/password/register/confirm", {{"token", token_of(link)}});
  }

  HttpResult set_password(Browser& b, const std::string& link, const std::string& password) {
    auto page = b.get(path_of(link));
    EXPECT_EQ(page.status, 200) << page.body;
    const std::string action = path_of(link).substr(0, path_of(link).find('?'));
    return b.post(
        action,
        {{"token", token_of(link)}, {"Password", password}, {"PasswordConfirmation", password}});
  }

  // One full pass of a portal's background jobs, run here (BackgroundJobs::run_once) after any
  // pass in flight on the portal's own thread has finished: what a test asserts next is the state
  // after finished passes, never after a guessed sleep. The portal runs in this process
  // (TestPortal), so the test reaches run_once directly and needs no metric to poll.
  static app::BackgroundPass background_pass(TestPortal& portal) {
    return portal.app().background_jobs().run_once();
  }

  nlohmann::json outbox(const std::string& query = "") {
    auto r = admin_->get("/portal-api/outbox" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  SmtpSink sink_;
  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TestPortal> portal_;
  std::unique_ptr<AdminClient> admin_;
};

TEST_F(OnboardingTest, OwnerCreatedUserWithoutPasswordSetsItThroughTheInvitation) {
  auto created = create_user({{"Email", "ada@partner.example"}, {"First", "Ada"}, {"Last", "L"}});
  EXPECT_EQ(created["Role"], "consumer-admin");
  const std::string link = link_in_mail("ada@partner.example", "/auth/password/register?token=");
  auto mail = mail_to("ada@partner.example")[0];
  EXPECT_NE(mail.subject.find("Acme Developer Portal"), std::string::npos) << mail.subject;
  EXPECT_EQ(mail.header("From").value_or(""), "portal@acme.example");

  Browser b = browser();
  auto page = b.get(path_of(link));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("ada@partner.example"), std::string::npos);
  // A weak password is refused with the reason, and the link still works after.
  auto weak = b.post(
      "/auth/password/register",
      {{"token", token_of(link)}, {"Password", "password"}, {"PasswordConfirmation", "password"}});
  EXPECT_EQ(weak.status, 400);
  auto done = set_password(b, link, kPassword);
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(user(created["ID"].get<long long>())["Active"].get<bool>());
  EXPECT_EQ(browser().login("ada@partner.example", kPassword).status, 303);
  // Single use.
  auto again = b.get(path_of(link));
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(again.body.find("already been used"), std::string::npos);
}

TEST_F(OnboardingTest, ConsumerAdminInvitesIntoOwnTeamsOnly) {
  const long long org = organisation("Partner Co");
  const long long mine = team_of(org, "Integrators");
  const long long other = team_of(org, "Finance");
  create_user({{"Email", "lead@partner.example"},
               {"First", "Lin"},
               {"Last", "Lead"},
               {"Password", kPassword},
               {"OrganisationID", org},
               {"Teams", {mine}}});
  Browser lead = browser();
  ASSERT_EQ(lead.login("lead@partner.example", kPassword).status, 303);
  ASSERT_EQ(lead.get("/portal/private/users/invite").status, 200);

  // A team that is not the inviter's: refused, nobody created, no email.
  auto foreign = lead.post("/portal/private/users/invite", {{"Email", "x@partner.example"},
                                                            {"First", "X"},
                                                            {"Last", "Y"},
                                                            {"Teams", std::to_string(other)}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_NE(foreign.body.find("teams you belong to"), std::string::npos);
  EXPECT_EQ(admin_->get("/portal-api/users?email=x@partner.example").json().size(), 0u);

  auto sent = lead.post("/portal/private/users/invite", {{"Email", "new@partner.example"},
                                                         {"First", "Nia"},
                                                         {"Last", "New"},
                                                         {"Teams", std::to_string(mine)}});
  EXPECT_EQ(sent.status, 303) << sent.body;
  auto invited = admin_->get("/portal-api/users?email=new@partner.example").json();
  ASSERT_EQ(invited.size(), 1u);
  EXPECT_FALSE(invited[0]["Active"].get<bool>());
  EXPECT_EQ(invited[0]["OrganisationID"], org);
  // Pending: on the admin's page and in the API.
  auto page = lead.get("/portal/private/users/invite");
  EXPECT_NE(page.body.find("new@partner.example"), std::string::npos);
  auto pending = admin_->get("/portal-api/invitations").json();
  ASSERT_EQ(pending.size(), 1u);
  const long long invitation = pending[0]["ID"].get<long long>();
  // Searched by the invitee's name or email, and by organisation; a bad filter is named.
  EXPECT_EQ(admin_->get("/portal-api/invitations?search=ni").json().size(), 1u);
  EXPECT_EQ(admin_->get("/portal-api/invitations?search=NEW%40partner").json().size(), 1u);
  EXPECT_EQ(admin_->get("/portal-api/invitations?search=zed").json().size(), 0u);
  EXPECT_EQ(
      admin_->get("/portal-api/invitations?organisation_id=" + std::to_string(org)).json().size(),
      1u);
  EXPECT_EQ(admin_->get("/portal-api/invitations?organisation_id=999999").json().size(), 0u);
  auto bad_filter = admin_->get("/portal-api/invitations?organisation_id=first");
  EXPECT_EQ(bad_filter.status, 400);
  EXPECT_NE(bad_filter.body.find("organisation_id"), std::string::npos) << bad_filter.body;

  // Resending voids the first link.
  const std::string first = link_in_mail("new@partner.example", "/auth/password/register");
  auto resent = admin_->post("/portal-api/invitations/" + std::to_string(invitation) + "/resend",
                             nlohmann::json::object());
  EXPECT_EQ(resent.status, 200) << resent.body;
  const std::string second = link_in_mail("new@partner.example", "/auth/password/register", 2);
  ASSERT_NE(first, second);
  Browser invitee = browser();
  auto old = invitee.get(path_of(first));
  EXPECT_EQ(old.status, 400);
  EXPECT_NE(old.body.find("replaced by a newer one"), std::string::npos);
  EXPECT_EQ(set_password(invitee, second, kPassword).status, 200);
  auto activated = admin_->get("/portal-api/users?email=new@partner.example").json();
  EXPECT_TRUE(activated[0]["Active"].get<bool>());
  auto teams = user(activated[0]["ID"].get<long long>())["Teams"];
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(teams[0]["ID"], mine);
  EXPECT_EQ(admin_->get("/portal-api/invitations").json().size(), 0u);
}

TEST_F(OnboardingTest, ConsumerAdminInviteHasAJsonTwinAndInvitationsCanBeRevoked) {
  const long long org = organisation("Json Co");
  const long long team = team_of(org, "API");
  create_user({{"Email", "boss@json.example"},
               {"First", "B"},
               {"Last", "Oss"},
               {"Password", kPassword},
               {"OrganisationID", org},
               {"Teams", {team}}});
  Browser boss = browser();
  ASSERT_EQ(boss.login("boss@json.example", kPassword).status, 303);
  auto r = portal_->client().request(
      "POST", "/portal/private/users/invite",
      {{"Content-Type", "application/json"}, {"Cookie", boss.cookie_header()}},
      nlohmann::json({{"Email", "j@json.example"},
                      {"First", "J"},
                      {"Last", "Son"},
                      {"Role", "consumer-admin"},
                      {"Teams", {team}}})
          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.json()["Active"].get<bool>());
  const long long invitation = r.json()["InvitationID"].get<long long>();
  const std::string link = link_in_mail("j@json.example", "/auth/password/register");
  // Unknown fields are refused, as everywhere.
  auto bad = portal_->client().request(
      "POST", "/portal/private/users/invite",
      {{"Content-Type", "application/json"}, {"Cookie", boss.cookie_header()}},
      R"({"Email":"k@json.example","First":"K","Last":"L","Teams":[1],"Admin":true})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Admin"), std::string::npos);

  boss.get("/portal/private/users/invite");
  auto revoked =
      boss.post("/portal/private/users/invitations/" + std::to_string(invitation) + "/revoke", {});
  EXPECT_EQ(revoked.status, 303);
  EXPECT_EQ(admin_->get("/portal-api/users?email=j@json.example").json().size(), 0u);
  EXPECT_EQ(browser().get(path_of(link)).status, 400);
}

TEST_F(OnboardingTest, InvitationsCanBeTurnedOffAndExpire) {
  const long long org = organisation("Off Co");
  const long long team = team_of(org, "Ops");
  create_user({{"Email", "off@off.example"},
               {"First", "O"},
               {"Last", "Ff"},
               {"Password", kPassword},
               {"OrganisationID", org},
               {"Teams", {team}}});
  Browser admin = browser();
  ASSERT_EQ(admin.login("off@off.example", kPassword).status, 303);
  ASSERT_EQ(admin_->put("/portal-api/settings", {{"ConsumerAdminInvitesAllow", false}}).status,
            200);
  admin.get("/portal/private/users/invite");
  auto refused = admin.post(
      "/portal/private/users/invite",
      {{"Email", "n@off.example"}, {"First", "N"}, {"Last", "O"}, {"Teams", std::to_string(team)}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("turned off"), std::string::npos);
  EXPECT_EQ(admin_->get("/portal-api/users?email=n@off.example").json().size(), 0u);

  ASSERT_EQ(admin_->put("/portal-api/settings", {{"ConsumerAdminInvitesAllow", true}}).status, 200);
  admin.get("/portal/private/users/invite");
  ASSERT_EQ(admin
                .post("/portal/private/users/invite", {{"Email", "n@off.example"},
                                                       {"First", "N"},
                                                       {"Last", "O"},
                                                       {"Teams", std::to_string(team)}})
                .status,
            303);
  const std::string link = link_in_mail("n@off.example", "/auth/password/register");
  portal_->clock().advance(std::chrono::hours(24 * 7) + 1min);  // the default 7 days
  auto expired = browser().get(path_of(link));
  EXPECT_EQ(expired.status, 400);
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
}

TEST_F(OnboardingTest, SelfRegistrationIsConfirmedThenApprovedByAnOwner) {
  Browser b = browser();
  EXPECT_EQ(register_user(b, "grace@self.example"), 200);
  // Not active before confirming: the login says so only after a correct password.
  auto early = browser().login("grace@self.example", kPassword);
  EXPECT_EQ(early.status, 403);
  EXPECT_NE(early.body.find("Confirm your email address first"), std::string::npos);
  auto wrong = browser().login("grace@self.example", "not the password at all");
  EXPECT_EQ(wrong.status, 401);
  const std::string link = link_in_mail("grace@self.example", "/auth/password/register/confirm");
  auto confirmed = confirm(b, link);
  EXPECT_EQ(confirmed.status, 200);
  EXPECT_NE(confirmed.body.find("approve"), std::string::npos);
  // Every active owner hears of it.
  auto notice = mail_to("owner@example.com");
  ASSERT_EQ(notice.size(), 1u);
  EXPECT_NE(notice[0].text.value_or("").find("grace@self.example"), std::string::npos);
  auto requests = admin_->get("/portal-api/registration-requests").json();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["State"], "pending");
  const long long id = requests[0]["ID"].get<long long>();
  auto waiting = browser().login("grace@self.example", kPassword);
  EXPECT_EQ(waiting.status, 403);
  EXPECT_NE(waiting.body.find("waiting for approval"), std::string::npos);

  auto approved =
      admin_->post("/portal-api/registration-requests/" + std::to_string(id) + "/approve",
                   nlohmann::json::object());
  EXPECT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["State"], "approved");
  EXPECT_EQ(mail_to("grace@self.example", 2).size(), 2u);
  EXPECT_EQ(browser().login("grace@self.example", kPassword).status, 303);
  // Deciding twice is a conflict.
  EXPECT_EQ(admin_
                ->post("/portal-api/registration-requests/" + std::to_string(id) + "/reject",
                       nlohmann::json::object())
                .status,
            409);
  // The confirmation link was single-use.
  EXPECT_EQ(confirm(b, link).status, 400);
}

TEST_F(OnboardingTest, OwnersApproveFromTheLinkInTheirNotification) {
  create_user({{"Email", "boss@acme.example"},
               {"First", "B"},
               {"Last", "O"},
               {"Role", "provider-admin"},
               {"Password", kPassword}});
  Browser b = browser();
  ASSERT_EQ(register_user(b, "page@self.example"), 200);
  confirm(b, link_in_mail("page@self.example", "/auth/password/register/confirm"));
  const std::string link = link_in_mail("boss@acme.example", "/admin/registration-requests");
  Browser owner = browser();
  ASSERT_EQ(owner.login("boss@acme.example", kPassword).status, 303);
  auto page = owner.get(path_of(link));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("page@self.example"), std::string::npos);
  const auto id = admin_->get("/portal-api/registration-requests").json()[0]["ID"].dump();
  auto approved = owner.post("/admin/registration-requests/" + id + "/approve", {});
  EXPECT_EQ(approved.status, 303);
  EXPECT_EQ(browser().login("page@self.example", kPassword).status, 303);
  // Consumers have no such page.
  Browser consumer = browser();
  ASSERT_EQ(consumer.login("page@self.example", kPassword).status, 303);
  EXPECT_EQ(consumer.get("/admin/registration-requests").status, 404);
}

TEST_F(OnboardingTest, RejectedRegistrationIsEmailedAndCannotSignIn) {
  Browser b = browser();
  ASSERT_EQ(register_user(b, "rex@self.example"), 200);
  confirm(b, link_in_mail("rex@self.example", "/auth/password/register/confirm"));
  auto requests = admin_->get("/portal-api/registration-requests").json();
  ASSERT_EQ(requests.size(), 1u);
  auto rejected =
      admin_->post("/portal-api/registration-requests/" + requests[0]["ID"].dump() + "/reject",
                   nlohmann::json::object());
  EXPECT_EQ(rejected.status, 200) << rejected.body;
  auto mails = mail_to("rex@self.example", 2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[1].header("Subject").has_value(), true);
  EXPECT_NE(browser().login("rex@self.example", kPassword).status, 303);
  EXPECT_EQ(admin_->get("/portal-api/registration-requests").json().size(), 0u);
  EXPECT_EQ(admin_->get("/portal-api/registration-requests?state=rejected").json().size(), 1u);
}

TEST_F(OnboardingTest, AutoApproveActivatesOnConfirmation) {
  ASSERT_EQ(admin_->put("/portal-api/settings", {{"RegistrationAutoApprove", true}}).status, 200);
  Browser b = browser();
  ASSERT_EQ(register_user(b, "auto@self.example"), 200);
  auto confirmed = confirm(b, link_in_mail("auto@self.example", "/auth/password/register"));
  EXPECT_EQ(confirmed.status, 200);
  EXPECT_EQ(browser().login("auto@self.example", kPassword).status, 303);
  auto found = admin_->get("/portal-api/users?email=auto@self.example").json();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["Role"], "consumer-team-member");
}

TEST_F(OnboardingTest, RegisteringAnExistingEmailAnswersTheSameAndTellsItsOwner) {
  create_user(
      {{"Email", "taken@self.example"}, {"First", "T"}, {"Last", "Aken"}, {"Password", kPassword}});
  Browser fresh = browser();
  Browser again = browser();
  ASSERT_EQ(register_user(fresh, "fresh@self.example"), 200);
  const auto fresh_page = fresh.get("/");  // keep nothing from the registration answer
  EXPECT_EQ(fresh_page.status, 200);
  EXPECT_EQ(again.get("/auth/password/register").status, 200);
  auto dup = again.post("/auth/password/register", {{"Email", "taken@self.example"},
                                                    {"First", "Grace"},
                                                    {"Last", "Hopper"},
                                                    {"Password", kPassword},
                                                    {"PasswordConfirmation", kPassword},
                                                    {"InviteCode", ""}});
  EXPECT_EQ(dup.status, 200);
  EXPECT_NE(dup.body.find("We have sent a message to taken@self.example"), std::string::npos);
  auto told = mail_to("taken@self.example");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].text.value_or("").find("/auth/password/new"), std::string::npos);
  // The existing account is untouched.
  EXPECT_EQ(browser().login("taken@self.example", kPassword).status, 303);
}

TEST_F(OnboardingTest, InviteCodesPlaceUsersInTheirTeamActiveOnConfirmation) {
  const long long org = organisation("Coded Co");
  const long long team = team_of(org, "Builders");
  auto code = admin_->post("/portal-api/invite-codes", {{"Quota", 2}, {"TeamID", team}});
  ASSERT_EQ(code.status, 200) << code.body;
  const std::string text = code.json()["Code"].get<std::string>();
  EXPECT_EQ(text.size(), 32u);
  EXPECT_EQ(code.json()["OrganisationID"], org);

  Browser bad = browser();
  EXPECT_EQ(register_user(bad, "nocode@self.example", "00000000000000000000000000000000"), 400);
  Browser b = browser();
  ASSERT_EQ(register_user(b, "coded@self.example", text), 200);
  EXPECT_EQ(confirm(b, link_in_mail("coded@self.example", "/auth/password/register")).status, 200);
  EXPECT_EQ(browser().login("coded@self.example", kPassword).status, 303);
  auto found = admin_->get("/portal-api/users?email=coded@self.example").json();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["OrganisationID"], org);
  auto used = admin_->get("/portal-api/invite-codes/" + code.json()["ID"].dump()).json();
  EXPECT_EQ(used["Used"], 1);
  // Deactivated codes admit nobody.
  ASSERT_EQ(admin_->put("/portal-api/invite-codes/" + code.json()["ID"].dump(), {{"Active", false}})
                .status,
            200);
  Browser late = browser();
  EXPECT_EQ(register_user(late, "late@self.example", text), 400);
}

TEST_F(OnboardingTest, InviteCodeQuotaHoldsUnderConcurrentRegistrations) {
  portal_.reset();
  portal_ = start_portal(true, {{"PORTAL_THROTTLE_MAILPERADDRESS", "1000"}});
  admin_ = std::make_unique<AdminClient>(portal_->client(), admin_->token());
  const long long team = team_of(organisation("Quota Co"), "Q");
  auto code = admin_->post("/portal-api/invite-codes", {{"Quota", 10}, {"TeamID", team}});
  ASSERT_EQ(code.status, 200) << code.body;
  const std::string text = code.json()["Code"].get<std::string>();
  constexpr int kRegistrations = 64;
  std::vector<long> statuses(kRegistrations);
  std::latch start(kRegistrations);
  std::vector<std::thread> threads;
  threads.reserve(kRegistrations);
  for (int i = 0; i < kRegistrations; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(portal_->client().base_url());
      Browser b(client);
      b.get("/auth/password/register");
      start.arrive_and_wait();
      statuses[static_cast<std::size_t>(i)] =
          b.post("/auth/password/register", {{"Email", "q" + std::to_string(i) + "@quota.example"},
                                             {"First", "Q"},
                                             {"Last", "User"},
                                             {"Password", kPassword},
                                             {"PasswordConfirmation", kPassword},
                                             {"InviteCode", text}})
              .status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200L), 10);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 400L), kRegistrations - 10);
  auto users = admin_->get("/portal-api/users?team_id=" + std::to_string(team));
  EXPECT_EQ(users.header("x-total-count").value_or(""), "10");
  EXPECT_EQ(admin_->get("/portal-api/invite-codes/" + code.json()["ID"].dump()).json()["Used"], 10);
}

TEST_F(OnboardingTest, PasswordResetIsSingleUseExpiresAndEndsSessions) {
  create_user(
      {{"Email", "pat@reset.example"}, {"First", "Pat"}, {"Last", "R"}, {"Password", kPassword}});
  Browser signed_in = browser();
  ASSERT_EQ(signed_in.login("pat@reset.example", kPassword).status, 303);

  Browser b = browser();
  ASSERT_EQ(b.get("/auth/password/new").status, 200);
  auto asked = b.post("/auth/password/new", {{"Email", "pat@reset.example"}});
  EXPECT_EQ(asked.status, 200);
  // An unknown address gets the same answer and no email.
  auto unknown = b.post("/auth/password/new", {{"Email", "nobody@reset.example"}});
  EXPECT_EQ(unknown.status, 200);
  const std::string first = link_in_mail("pat@reset.example", "/auth/reset/code?token=");
  // A newer link voids the older one.
  b.post("/auth/password/new", {{"Email", "pat@reset.example"}});
  const std::string second = link_in_mail("pat@reset.example", "/auth/reset/code", 2);
  auto voided = browser().get(path_of(first));
  EXPECT_EQ(voided.status, 400);
  EXPECT_NE(voided.body.find("replaced"), std::string::npos);

  EXPECT_EQ(set_password(b, second, kNewPassword).status, 200);
  // Every session ended; the old password no longer works, the new one does.
  EXPECT_EQ(signed_in.get("/portal/private/dashboard").status, 303);
  EXPECT_NE(browser().login("pat@reset.example", kPassword).status, 303);
  EXPECT_EQ(browser().login("pat@reset.example", kNewPassword).status, 303);
  auto reused = browser().get(path_of(second));
  EXPECT_EQ(reused.status, 400);
  EXPECT_NE(reused.body.find("already been used"), std::string::npos);
  for (const auto& m : sink_.messages()) {  // nothing was ever sent to the unknown address
    EXPECT_EQ(std::find(m.rcpt_to.begin(), m.rcpt_to.end(), "nobody@reset.example"),
              m.rcpt_to.end());
  }

  // Expiry: the link is refused an hour later.
  b.post("/auth/password/new", {{"Email", "pat@reset.example"}});
  const std::string third = link_in_mail("pat@reset.example", "/auth/reset/code", 3);
  portal_->clock().advance(61min);
  auto expired = browser().get(path_of(third));
  EXPECT_EQ(expired.status, 400);
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
}

TEST_F(OnboardingTest, MailRequestsAreRateLimitedPerEmail) {
  Browser b = browser();
  b.get("/auth/password/new");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(b.post("/auth/password/new", {{"Email", "flood@reset.example"}}).status, 200);
  }
  auto limited = b.post("/auth/password/new", {{"Email", "flood@reset.example"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(limited.header("retry-after").has_value());
}

TEST_F(OnboardingTest, ActivationAndDeactivationAreEmailedAndDeactivationEndsSessions) {
  auto created = create_user(
      {{"Email", "act@example.com"}, {"First", "A"}, {"Last", "Ct"}, {"Password", kPassword}});
  const std::string path = "/portal-api/users/" + created["ID"].dump();
  Browser b = browser();
  ASSERT_EQ(b.login("act@example.com", kPassword).status, 303);
  auto off = admin_->post(path + "/deactivate", nlohmann::json::object());
  EXPECT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json()["Active"].get<bool>());
  EXPECT_EQ(b.get("/portal/private/dashboard").status, 303);
  auto on = admin_->post(path + "/activate", nlohmann::json::object());
  EXPECT_EQ(on.status, 200);
  auto mails = mail_to("act@example.com", 2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails[1].text.value_or("").find("/auth/password/login"), std::string::npos);
  // A user with a password gets no registration link.
  EXPECT_EQ(admin_->post(path + "/invite", nlohmann::json::object()).status, 409);
  auto audit = admin_->get("/portal-api/audit-events?target_id=" + created["ID"].dump()).json();
  EXPECT_GE(audit.size(), 3u);
}

TEST_F(OnboardingTest, WithoutSmtpMailStaysQueuedAndOwnersCanReadTheLink) {
  portal_.reset();
  portal_ = start_portal(false);
  admin_ = std::make_unique<AdminClient>(portal_->client(), admin_->token());
  create_user({{"Email", "queued@example.com"}, {"First", "Q"}, {"Last", "D"}});
  auto queued = outbox("?to=queued@example.com");
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0]["Status"], "queued");
  const std::string link =
      extract_link(queued[0]["Text"].get<std::string>(), base() + "/auth/password/register?token=");
  EXPECT_FALSE(link.empty()) << queued[0]["Text"];
  EXPECT_EQ(browser().get(path_of(link)).status, 200);
  // A finished pass without a relay sends nothing: the message stays queued.
  EXPECT_EQ(background_pass(*portal_).mail_attempted, 0);
  EXPECT_TRUE(sink_.messages().empty());
  EXPECT_EQ(outbox("?to=queued@example.com")[0]["Status"], "queued");

  // Configuring SMTP through the settings delivers it, and the body (with its link) is erased.
  auto put = admin_->put("/portal-api/settings", {{"EmailSMTPHost", "127.0.0.1"},
                                                  {"EmailSMTPPort", sink_.port()},
                                                  {"EmailDefaultFrom", "p@acme.example"}});
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(mail_to("queued@example.com").size(), 1u);
  nlohmann::json sent;
  for (int i = 0; i < 100; ++i) {
    sent = outbox("?to=queued@example.com")[0];
    if (sent["Status"] == "sent") break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(sent["Status"], "sent");
  EXPECT_EQ(sent["Text"], "");
}

TEST_F(OnboardingTest, SmtpDownForAWhileLosesNothingAndSendsOnce) {
  sink_.stop();
  create_user({{"Email", "patient@example.com"}, {"First", "P"}, {"Last", "T"}});
  nlohmann::json message;
  for (int i = 0; i < 200; ++i) {
    message = outbox("?to=patient@example.com")[0];
    if (message["Status"] == "failed") break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(message["Status"], "failed");
  EXPECT_NE(message["LastError"].get<std::string>().find("smtp."), std::string::npos);
  EXPECT_EQ(message["Attempts"], 1);
  sink_.start();
  portal_->clock().advance(2s);  // past the retry wait
  ASSERT_EQ(mail_to("patient@example.com").size(), 1u);
  // The pass that sent it has finished (run_once waits for it), so the send is recorded; then,
  // past every retry wait and lease, a further finished pass finds nothing to send again.
  EXPECT_EQ(background_pass(*portal_).mail_attempted, 0);
  EXPECT_EQ(outbox("?to=patient@example.com")[0]["Status"], "sent");
  portal_->clock().advance(1h);
  EXPECT_EQ(background_pass(*portal_).mail_attempted, 0);
  EXPECT_EQ(mail_to("patient@example.com").size(), 1u);
  EXPECT_EQ(outbox("?to=patient@example.com")[0]["Status"], "sent");
}

TEST_F(OnboardingTest, TwoServersOnOneDatabaseNeverSendAMessageTwice) {
  auto second = start_portal(true);
  constexpr int kUsers = 30;
  for (int i = 0; i < kUsers; ++i) {
    create_user(
        {{"Email", "two" + std::to_string(i) + "@example.com"}, {"First", "T"}, {"Last", "Wo"}});
  }
  sink_.wait_for_messages(kUsers, 20s);
  // Every pass in flight on either server has finished once these return, and a further pass on
  // each finds nothing due: no send can still be on its way when the messages are counted.
  EXPECT_EQ(background_pass(*portal_).mail_attempted, 0);
  EXPECT_EQ(background_pass(*second).mail_attempted, 0);
  const auto all = sink_.messages();
  std::map<std::string, int> per_recipient;
  for (const auto& m : all) {
    for (const auto& r : m.rcpt_to) ++per_recipient[r];
  }
  EXPECT_EQ(per_recipient.size(), static_cast<std::size_t>(kUsers));
  for (const auto& [to, count] : per_recipient) EXPECT_EQ(count, 1) << to;
}

TEST_F(OnboardingTest, SettingsApiValidatesHidesThePasswordAndNamesEnvironmentValues) {
  EXPECT_NE(browser().get("/").body.find("/auth/password/register"), std::string::npos);
  auto got = admin_->get("/portal-api/settings");
  ASSERT_EQ(got.status, 200);
  auto s = got.json();
  EXPECT_EQ(s["EmailSMTPHost"], "127.0.0.1");
  const auto from_env = s["FromEnvironment"];
  EXPECT_NE(std::find(from_env.begin(), from_env.end(), "EmailSMTPHost"), from_env.end());
  EXPECT_EQ(std::find(from_env.begin(), from_env.end(), "EmailSMTPUser"), from_env.end());
  // A field the environment fixes cannot be changed; bad values are named; nothing changes.
  auto fixed = admin_->put("/portal-api/settings",
                           {{"EmailSMTPHost", "other"}, {"RegistrationAllow", false}});
  EXPECT_EQ(fixed.status, 400);
  EXPECT_NE(fixed.body.find("PORTAL_SMTP_HOST"), std::string::npos);
  auto bad = admin_->put("/portal-api/settings", {{"EmailSMTPTLS", "ssl"},
                                                  {"PasswordResetLifetimeMinutes", 0},
                                                  {"EmailAdmin", "not an address"}});
  EXPECT_EQ(bad.status, 400);
  for (const char* field : {"EmailSMTPTLS", "PasswordResetLifetimeMinutes", "EmailAdmin"}) {
    EXPECT_NE(bad.body.find(field), std::string::npos) << field;
  }
  EXPECT_TRUE(admin_->get("/portal-api/settings").json()["RegistrationAllow"].get<bool>());
  auto unknown = admin_->put("/portal-api/settings", {{"Registration", true}});
  EXPECT_EQ(unknown.status, 400);

  auto put = admin_->put("/portal-api/settings", {{"EmailSMTPUser", "mailer"},
                                                  {"EmailSMTPPass", "s3cret-relay-pass"},
                                                  {"RegistrationAllow", false}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body.find("s3cret-relay-pass"), std::string::npos);
  EXPECT_TRUE(put.json()["EmailSMTPPassSet"].get<bool>());
  EXPECT_FALSE(put.json()["RegistrationAllow"].get<bool>());
  auto audit = admin_->get("/portal-api/audit-events?action=settings.update");
  EXPECT_EQ(audit.body.find("s3cret-relay-pass"), std::string::npos);
  // Registration closed: the page says so and neither the login nor the home page links to it.
  EXPECT_EQ(browser().get("/auth/password/register").status, 404);
  EXPECT_EQ(browser().get("/").body.find("/auth/password/register"), std::string::npos);
  EXPECT_EQ(browser().get("/auth/password/login").body.find("/auth/password/register"),
            std::string::npos);
}

TEST_F(OnboardingTest, TestEmailReportsTheRelaysAnswer) {
  auto ok = admin_->post("/portal-api/settings/email/test", {{"To", "check@example.com"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.json()["Sent"].get<bool>());
  EXPECT_EQ(mail_to("check@example.com").size(), 1u);
  sink_.stop();
  auto down = admin_->post("/portal-api/settings/email/test", {{"To", "check@example.com"}});
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_FALSE(down.json()["Sent"].get<bool>());
  EXPECT_EQ(down.json()["ErrorID"], "smtp.connect_failed");
}

TEST_F(OnboardingTest, NonOwnersSeeNoneOfTheOnboardingAdminApi) {
  create_user({{"Email", "c@example.com"},
               {"First", "C"},
               {"Last", "D"},
               {"Password", kPassword},
               {"Role", "consumer-admin"}});
  // Consumers have no API tokens; anonymous calls are refused.
  for (const char* path : {"/portal-api/settings", "/portal-api/outbox", "/portal-api/invitations",
                           "/portal-api/invite-codes", "/portal-api/registration-requests"}) {
    EXPECT_EQ(portal_->client().get(path).status, 401) << path;
  }
}

}  // namespace
}  // namespace atrium::testing
