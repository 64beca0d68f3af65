// The Admin Portal's settings: the flags, link lifetimes and email saved through the form (the
// stored SMTP password never shown again), refusals beside the field changing nothing, and
// "Send test email" saying what happened; owners only.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class SettingsPagesTest : public AdminPortalTest {
 protected:
  nlohmann::json settings() { return admin_->get("/portal-api/settings").json(); }
  // The form as the page sends it, with `changes` over the stored values.
  std::map<std::string, std::string> form(const std::map<std::string, std::string>& changes = {}) {
    std::map<std::string, std::string> fields = {{"RegistrationAllow", "on"},
                                                 {"ConsumerAdminInvitesAllow", "on"},
                                                 {"InvitationLifetimeHours", "168"},
                                                 {"ConfirmationLifetimeHours", "48"},
                                                 {"PasswordResetLifetimeMinutes", "60"},
                                                 {"EmailSMTPHost", ""},
                                                 {"EmailSMTPPort", "25"},
                                                 {"EmailSMTPTLS", "none"},
                                                 {"EmailSMTPUser", ""},
                                                 {"EmailSMTPPass", ""},
                                                 {"EmailDefaultFrom", ""},
                                                 {"EmailAdmin", ""}};
    for (auto& [k, v] : changes) fields[k] = v;
    return fields;
  }
};

TEST_F(SettingsPagesTest, AnOwnerSavesTheSettingsAndNeverSeesTheStoredPassword) {
  Browser olive = signed_in("olive");
  auto page = olive.get("/admin/settings");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(mentions(page, R"(href="/admin/settings" aria-current="page")"));
  EXPECT_TRUE(mentions(page, R"(name="RegistrationAllow" checked)"));
  EXPECT_TRUE(mentions(page, R"(<input type="checkbox" name="RegistrationAutoApprove">)"));
  EXPECT_TRUE(mentions(page, "No password is stored."));

  auto saved = olive.post("/admin/settings", form({{"RegistrationAllow", ""},
                                                   {"RegistrationAutoApprove", "on"},
                                                   {"InvitationLifetimeHours", "24"},
                                                   {"EmailSMTPHost", "smtp.example.com"},
                                                   {"EmailSMTPPort", "587"},
                                                   {"EmailSMTPTLS", "starttls"},
                                                   {"EmailSMTPUser", "mailer"},
                                                   {"EmailSMTPPass", "relay secret 42"},
                                                   {"EmailDefaultFrom", "portal@example.com"},
                                                   {"EmailAdmin", "owners@example.com"}}));
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("location"), "/admin/settings");
  auto s = settings();
  EXPECT_EQ(s["RegistrationAllow"], false);
  EXPECT_EQ(s["RegistrationAutoApprove"], true);
  EXPECT_EQ(s["InvitationLifetimeHours"], 24);
  EXPECT_EQ(s["EmailSMTPHost"], "smtp.example.com");
  EXPECT_EQ(s["EmailSMTPPort"], 587);
  EXPECT_EQ(s["EmailSMTPTLS"], "starttls");
  EXPECT_EQ(s["EmailSMTPPassSet"], true);
  EXPECT_EQ(s["EmailDefaultFrom"], "portal@example.com");
  page = olive.get("/admin/settings");
  EXPECT_TRUE(mentions(page, "Settings saved."));
  EXPECT_TRUE(mentions(page, "A password is stored; it is never shown."));
  EXPECT_FALSE(mentions(page, "relay secret 42"));
  EXPECT_TRUE(mentions(
      page, R"(name="EmailSMTPPass" type="password" autocomplete="new-password" value="")"));
  EXPECT_TRUE(mentions(page, R"(value="smtp.example.com")"));
  EXPECT_TRUE(mentions(page, R"(<option value="starttls" selected>)"));
  auto audit = admin_->get("/portal-api/audit-events?action=settings.update").body;
  EXPECT_EQ(audit.find("relay secret 42"), std::string::npos) << "never in the audit log";

  // An empty password field keeps the stored one; "Remove" removes it.
  olive.post("/admin/settings", form({{"EmailSMTPHost", "smtp.example.com"}}));
  EXPECT_EQ(settings()["EmailSMTPPassSet"], true);
  olive.get("/admin/settings");
  olive.post("/admin/settings", form({{"EmailSMTPPassClear", "on"}}));
  EXPECT_EQ(settings()["EmailSMTPPassSet"], false);
  EXPECT_EQ(settings()["EmailSMTPHost"], "");
}

TEST_F(SettingsPagesTest, OnlyWhatChangedIsSavedAndRecorded) {
  Browser olive = signed_in("olive");
  olive.get("/admin/settings");
  ASSERT_EQ(olive.post("/admin/settings", form({{"RegistrationAutoApprove", "on"}})).status, 303);
  auto events = admin_->get("/portal-api/audit-events?action=settings.update").json();
  ASSERT_EQ(events.size(), 1U) << events.dump();
  EXPECT_EQ(events[0]["Changes"], nlohmann::json({{"RegistrationAutoApprove", "true"}}));
  EXPECT_EQ(events[0]["ActorEmail"], "olive@example.com");
  // The same form again changes nothing, so nothing is recorded.
  olive.get("/admin/settings");
  ASSERT_EQ(olive.post("/admin/settings", form({{"RegistrationAutoApprove", "on"}})).status, 303);
  EXPECT_EQ(admin_->get("/portal-api/audit-events?action=settings.update").json().size(), 1U);
  EXPECT_TRUE(mentions(olive.get("/admin/settings"), "Settings saved."));
}

TEST_F(SettingsPagesTest, BadValuesAreRefusedBesideTheFieldAndChangeNothing) {
  Browser olive = signed_in("olive");
  olive.get("/admin/settings");
  const auto before = settings();
  for (const auto& [field, value, message] :
       {std::tuple<std::string, std::string, std::string>{"EmailSMTPPort", "abc",
                                                          "SMTP port: must be a whole number"},
        {"EmailSMTPPort", "70000", "SMTP port: must be between 1 and 65535"},
        {"InvitationLifetimeHours", "0", "Invitation links (hours): must be between 1 and 720"},
        {"PasswordResetLifetimeMinutes", "", "Password reset links (minutes): must be a whole"},
        {"EmailDefaultFrom", "not an address", "From address:"},
        {"EmailSMTPHost", std::string(10000, 'h'), "SMTP host: must be at most 253 bytes"},
        {"EmailSMTPHost", "smtp example", "SMTP host: must not contain spaces"},
        {"EmailSMTPTLS", "ssl3", "Encryption: must be none, starttls or tls"}}) {
    auto refused =
        olive.post("/admin/settings", form({{field, value}, {"RegistrationAutoApprove", "on"}}));
    EXPECT_EQ(refused.status, 400) << field << "=" << value.substr(0, 20);
    EXPECT_TRUE(mentions(refused, message)) << field << ": " << refused.body;
    EXPECT_TRUE(mentions(refused, "id=\"" + field + "-error\"")) << field;
    EXPECT_TRUE(mentions(refused, R"(name="RegistrationAutoApprove" checked)"))
        << "what was ticked stays ticked";
  }
  EXPECT_EQ(settings(), before);
  EXPECT_EQ(olive.post("/admin/settings", form({{"RegistrationAllow", ""}}), false).status, 403);
  EXPECT_EQ(settings(), before);
}

TEST_F(SettingsPagesTest, TheTestEmailSaysWhatHappened) {
  Browser olive = signed_in("olive");
  olive.get("/admin/settings");
  auto queued = olive.post("/admin/settings/test-email", {{"To", ""}});
  ASSERT_EQ(queued.status, 303) << queued.body;
  EXPECT_TRUE(mentions(olive.get("/admin/settings"),
                       "No test email was sent: no mail relay is configured"));
  auto bad = olive.post("/admin/settings/test-email", {{"To", "not an address"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(mentions(bad, R"(<a href="#To">)")) << bad.body;

  // A relay that refuses the connection: the error, and no claim that it went.
  olive.get("/admin/settings");
  ASSERT_EQ(olive
                .post("/admin/settings", form({{"EmailSMTPHost", "127.0.0.1"},
                                               {"EmailSMTPPort", "1"},
                                               {"EmailSMTPPass", "hidden pass 7"},
                                               {"EmailSMTPUser", "mailer"},
                                               {"EmailDefaultFrom", "portal@example.com"}}))
                .status,
            303);
  olive.get("/admin/settings");
  auto failed = olive.post("/admin/settings/test-email", {{"To", "olive@example.com"}});
  ASSERT_EQ(failed.status, 303);
  auto page = olive.get("/admin/settings");
  EXPECT_TRUE(mentions(page, "The test email to olive@example.com could not be sent:"))
      << page.body;
  EXPECT_TRUE(mentions(page, "flash--error"));
  EXPECT_FALSE(mentions(page, "hidden pass 7"));
}

TEST_F(SettingsPagesTest, ConsumersGetTheNotFoundPageAndChangeNothing) {
  const auto before = settings();
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/settings").status, 404) << name;
    consumer.get("/portal/private/dashboard");
    EXPECT_EQ(consumer.post("/admin/settings", form({{"RegistrationAutoApprove", "on"}})).status,
              404);
    EXPECT_EQ(consumer.post("/admin/settings/test-email", {{"To", "x@example.com"}}).status, 404);
  }
  EXPECT_EQ(settings(), before);
}

}  // namespace
}  // namespace atrium::testing
