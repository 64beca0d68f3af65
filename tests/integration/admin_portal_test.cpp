// The Admin Portal's frame and pages, and the habits every page keeps (DESIGN §12): flash
// messages shown once, field errors naming the field, HTML error pages for browsers, sign-in
// returning to a local `next` only, confirmation steps, no "emailed" claim without a relay.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

constexpr const char* kPassword = kAdminPortalPassword;

TEST_F(AdminPortalTest, BrowsersGetHtmlErrorPagesAndApisGetJson) {
  Browser b(portal_->client());
  auto missing = b.get("/no/such/page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "text/html; charset=utf-8");
  EXPECT_TRUE(mentions(missing, "<h1>Page not found</h1>")) << missing.body;
  EXPECT_TRUE(missing.header("content-security-policy").has_value());

  auto wrong_method = portal_->client().request("DELETE", "/auth/password/login",
                                                {{"Accept", "text/html,application/xhtml+xml"}});
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("allow"), "GET, POST");
  EXPECT_TRUE(mentions(wrong_method, "<h1>This page cannot be used that way</h1>"));

  // The APIs answer JSON whatever the Accept header says, and so does anything asking for JSON.
  for (const std::string path : {"/portal-api/no-such-thing", "/gateway/nothing"}) {
    auto api = b.get(path);
    EXPECT_EQ(api.status, 404) << path;
    EXPECT_EQ(api.header("content-type"), "application/json") << path;
  }
  auto json = b.get("/no/such/page", "application/json");
  EXPECT_EQ(json.status, 404);
  EXPECT_EQ(json.json()["code"], "route.not_found");
  EXPECT_EQ(portal_->client().get("/no/such/page").header("content-type"), "application/json");
}

TEST_F(AdminPortalTest, SignInReturnsToTheLocalPageThatAskedForIt) {
  Browser b(portal_->client());
  auto asked = b.get("/portal/private/users?search=al");
  EXPECT_EQ(asked.status, 303);
  const std::string login = *asked.header("location");
  EXPECT_EQ(login, "/auth/password/login?next=%2Fportal%2Fprivate%2Fusers%3Fsearch%3Dal");
  auto page = b.get(login);
  EXPECT_TRUE(mentions(
      page, R"(<input type="hidden" name="next" value="/portal/private/users?search=al">)"))
      << page.body;
  auto signed_in = b.post("/auth/password/login", {{"email", "alice@example.com"},
                                                   {"password", kPassword},
                                                   {"next", "/portal/private/users?search=al"}});
  EXPECT_EQ(signed_in.status, 303);
  EXPECT_EQ(signed_in.header("location"), "/portal/private/users?search=al");
}

TEST_F(AdminPortalTest, SignInNeverRedirectsOffSite) {
  for (const std::string next :
       {"//evil.example/x", "https://evil.example/", "/\\evil.example", "http:/evil.example",
        "evil.example", "/auth/password/login?next=//evil.example", "/\r\nSet-Cookie:x=1"}) {
    SCOPED_TRACE(next);
    Browser b(portal_->client());
    auto page = b.get("/auth/password/login?next=" + url_encode(next));
    EXPECT_EQ(page.status, 200);
    auto r = b.post("/auth/password/login",
                    {{"email", "alice@example.com"}, {"password", kPassword}, {"next", next}});
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/portal/private/dashboard");
  }
}

TEST_F(AdminPortalTest, TheAdminPortalIsForApiOwnersOnly) {
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    for (const std::string& path : std::vector<std::string>{
             "/admin", "/admin/users", "/admin/api-tokens", "/admin/registration-requests",
             "/admin/users/" + std::to_string(alice_)}) {
      EXPECT_EQ(consumer.get(path).status, 404) << name << " " << path;
    }
    consumer.get("/portal/private/dashboard");
    // Crafted posts change nothing.
    EXPECT_EQ(consumer.post("/admin/users/" + std::to_string(alice_) + "/deactivate", {}).status,
              404);
    EXPECT_EQ(consumer.post("/admin/users/" + std::to_string(alice_) + "/delete", {}).status, 404);
    EXPECT_EQ(consumer.post("/admin/api-tokens", {{"Name", "mine"}}).status, 404);
  }
  auto alice = admin_->get("/portal-api/users/" + std::to_string(alice_)).json();
  EXPECT_EQ(alice["Active"], true);
  Browser owner = signed_in("olive");
  auto home = owner.get("/admin");
  EXPECT_EQ(home.status, 200);
  EXPECT_TRUE(mentions(home, R"(<nav class="side-nav" aria-label="Admin sections">)"));
  EXPECT_TRUE(mentions(home, R"(<a href="/admin" aria-current="page">Overview</a>)"));
  EXPECT_TRUE(mentions(home, "Super admin"));
}

TEST_F(AdminPortalTest, UsersListSearchesFiltersAndPagesByKeyset) {
  for (int i = 0; i < 22; ++i) user("bulk" + std::to_string(i), "consumer-team-member", acme_);
  Browser owner = signed_in("olive");
  auto all = owner.get("/admin/users");
  ASSERT_EQ(all.status, 200);
  EXPECT_TRUE(mentions(all, R"(<span aria-current="page">Users</span>)")) << "breadcrumbs";
  EXPECT_TRUE(mentions(all, "26 user(s)")) << "the owners, alice, dave and 22 more";
  // 20 a page; the next page starts after the last id shown.
  const auto next = all.body.find(R"(rel="next")");
  ASSERT_NE(next, std::string::npos);
  auto found = owner.get("/admin/users?search=alice");
  EXPECT_TRUE(mentions(found, "alice@example.com"));
  EXPECT_FALSE(mentions(found, "dave@example.com"));
  auto admins = owner.get("/admin/users?role=consumer-admin&organisation=" + std::to_string(acme_));
  EXPECT_TRUE(mentions(admins, "dave@example.com"));
  EXPECT_FALSE(mentions(admins, "alice@example.com"));
  auto second = owner.get("/admin/users?after_id=" + std::to_string(dave_ + 18));
  EXPECT_TRUE(mentions(second, "bulk18@example.com"));
  EXPECT_FALSE(mentions(second, "bulk17@example.com"));
  EXPECT_TRUE(mentions(second, "First page"));
  auto none = owner.get("/admin/users?search=zzz");
  EXPECT_TRUE(mentions(none, "No user matches these filters."));
  auto bad = owner.get("/admin/users?role=wizard&team=x");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(mentions(bad, "Role: is not a role"));
  EXPECT_TRUE(mentions(bad, "Team: must be a number"));
}

TEST_F(AdminPortalTest, AnOwnerDeactivatesActivatesEndsSessionsAndDeletesAfterConfirming) {
  Browser alice = signed_in("alice");
  Browser owner = signed_in("olive");
  const std::string page = "/admin/users/" + std::to_string(alice_);
  auto shown = owner.get(page);
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(mentions(shown, "Team member"));
  EXPECT_TRUE(mentions(shown, "<dd>Active</dd>"));

  auto deactivated = owner.post(page + "/deactivate", {});
  EXPECT_EQ(deactivated.status, 303);
  EXPECT_EQ(deactivated.header("location"), page);
  auto after = owner.get(page);
  EXPECT_TRUE(mentions(after, "alice@example.com is inactive and was signed out everywhere."));
  EXPECT_TRUE(mentions(after, "<dd>Inactive</dd>"));
  EXPECT_FALSE(mentions(owner.get(page), "was signed out everywhere")) << "a flash is shown once";
  EXPECT_EQ(alice.get("/portal/private/dashboard").status, 303);
  owner.get(page);
  EXPECT_EQ(owner.post(page + "/activate", {}).status, 303);
  EXPECT_EQ(admin_->get("/portal-api/users/" + std::to_string(alice_)).json()["Active"], true);

  Browser alice_again = signed_in("alice");
  owner.get(page);
  EXPECT_EQ(owner.post(page + "/end-sessions", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get(page), "Ended 1 session."));
  EXPECT_EQ(alice_again.get("/portal/private/dashboard").status, 303);

  auto confirm = owner.get(page + "/delete");
  EXPECT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "cannot be undone"));
  EXPECT_TRUE(mentions(confirm, R"(action=")" + page + R"(/delete")"));
  EXPECT_EQ(admin_->get("/portal-api/users/" + std::to_string(alice_)).status, 200)
      << "the confirmation page changes nothing";
  auto deleted = owner.post(page + "/delete", {});
  EXPECT_EQ(deleted.status, 303);
  EXPECT_EQ(deleted.header("location"), "/admin/users");
  EXPECT_TRUE(mentions(owner.get("/admin/users"), "Deleted alice@example.com."));
  EXPECT_EQ(admin_->get("/portal-api/users/" + std::to_string(alice_)).status, 404);
  EXPECT_EQ(owner.get(page).status, 404);
}

TEST_F(AdminPortalTest, ApiTokensAreShownOnceListedAndRevokedAfterConfirming) {
  Browser owner = signed_in("olive");
  auto page = owner.get("/admin/api-tokens");
  EXPECT_TRUE(mentions(page, "You have no API tokens."));
  auto empty = owner.post("/admin/api-tokens", {{"Name", ""}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(mentions(empty, R"(<a href="#Name">Name: is required</a>)")) << empty.body;

  auto created = owner.post("/admin/api-tokens", {{"Name", "CI deploys"}});
  EXPECT_EQ(created.status, 201);
  const auto at = created.body.find(R"(id="new-token")");
  ASSERT_NE(at, std::string::npos);
  const auto value = created.body.find("value=\"", at) + 7;
  const std::string secret = created.body.substr(value, created.body.find('"', value) - value);
  EXPECT_GE(secret.size(), 32U);
  EXPECT_EQ(admin_->get("/portal-api/configs").status, 200);
  EXPECT_EQ(portal_->client().get("/portal-api/configs", {{"Authorization", secret}}).status, 200);
  auto listed = owner.get("/admin/api-tokens");
  EXPECT_TRUE(mentions(listed, "CI deploys"));
  EXPECT_FALSE(mentions(listed, secret)) << "never shown again";

  auto tokens = portal_->client().get("/portal-api/api-tokens", {{"Authorization", secret}}).json();
  long long id = 0;
  for (const auto& t : tokens) {
    if (t["Name"] == "CI deploys") id = t["ID"].get<long long>();
  }
  ASSERT_NE(id, 0) << tokens.dump();
  const std::string revoke = "/admin/api-tokens/" + std::to_string(id) + "/revoke";
  auto confirm = owner.get(revoke);
  EXPECT_TRUE(mentions(confirm, "Revoke token"));
  EXPECT_EQ(owner.post(revoke, {}).status, 303);
  EXPECT_TRUE(mentions(owner.get("/admin/api-tokens"), "The token was revoked."));
  EXPECT_EQ(portal_->client().get("/portal-api/configs", {{"Authorization", secret}}).status, 401);
}

TEST_F(AdminPortalTest, ConsumerAdminInvitationsUseFlashesConfirmationAndNameFields) {
  Browser dave = signed_in("dave");
  auto page = dave.get("/portal/private/users/invite");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(mentions(page, R"(href="/portal/private/users/invite" aria-current="page">Invite)"));
  auto refused =
      dave.post("/portal/private/users/invite", {{"Email", ""}, {"First", "Ivy"}, {"Last", "New"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(mentions(refused, R"(<a href="#Email">Email: is required</a>)")) << refused.body;

  auto sent = dave.post("/portal/private/users/invite", {{"Email", "ivy@example.com"},
                                                         {"First", "Ivy"},
                                                         {"Last", "New"},
                                                         {"Teams", std::to_string(red_)}});
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(sent.header("location"), "/portal/private/users/invite");
  auto shown = dave.get("/portal/private/users/invite");
  // No relay is configured here: the page says the mail waits, never that it was emailed.
  EXPECT_TRUE(mentions(shown,
                       "Invitation created. The email to ivy@example.com is queued; it goes "
                       "out once the portal&apos;s mail relay is set up."))
      << shown.body;
  EXPECT_FALSE(mentions(shown, "emailed"));
  EXPECT_FALSE(mentions(dave.get("/portal/private/users/invite"), "Invitation created."));

  auto ivy = admin_->get("/portal-api/users?email=ivy@example.com").json();
  ASSERT_EQ(ivy.size(), 1U);
  // Invitees are "Invited", not "Inactive", in the lists.
  EXPECT_TRUE(mentions(dave.get("/portal/private/users"), "<td>Invited</td>"));

  auto invitations = admin_->get("/portal-api/invitations").json();
  ASSERT_EQ(invitations.size(), 1U) << invitations.dump();
  const std::string revoke =
      "/portal/private/users/invitations/" + invitations[0]["ID"].dump() + "/revoke";
  auto confirm = dave.get(revoke);
  EXPECT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Revoke the invitation?"));
  EXPECT_EQ(admin_->get("/portal-api/users?email=ivy@example.com").json().size(), 1U);
  EXPECT_EQ(dave.post(revoke, {}).status, 303);
  EXPECT_TRUE(mentions(dave.get("/portal/private/users/invite"), "Invitation revoked"));
  EXPECT_EQ(admin_->get("/portal-api/users?email=ivy@example.com").json().size(), 0U);
}

}  // namespace
}  // namespace atrium::testing

namespace atrium::testing {
namespace {

// Catalogues in the Admin Portal: listed, created (a refusal names the field and keeps what was
// typed, creating nothing), deleted after a confirmation step; consumers get the 404 page.
TEST_F(AdminPortalTest, AnOwnerCreatesAndDeletesCatalogues) {
  Browser owner = signed_in("olive");
  auto empty = owner.get("/admin/catalogues");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(mentions(empty, "No catalogues yet"));
  EXPECT_TRUE(mentions(empty, "href=\"/admin/catalogues\" aria-current=\"page\""));

  auto refused = owner.post("/admin/catalogues", {{"Name", ""}, {"VisibilityStatus", "Secret"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(mentions(refused, "id=\"Name-error\"")) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"VisibilityStatus-error\""));
  EXPECT_FALSE(mentions(refused, "slug")) << "the slug is made from the name here";
  EXPECT_EQ(admin_->get("/portal-api/catalogues").json().size(), 0U);

  owner.get("/admin/catalogues");
  auto created =
      owner.post("/admin/catalogues", {{"Name", "Partners"}, {"VisibilityStatus", "Public"}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto list = owner.get("/admin/catalogues");
  EXPECT_TRUE(mentions(list, "Catalogue “Partners” created."));
  EXPECT_TRUE(mentions(list, "Public: everyone"));
  auto stored = admin_->get("/portal-api/catalogues").json();
  ASSERT_EQ(stored.size(), 1U);
  const std::string page = "/admin/catalogues/" + std::to_string(stored[0]["ID"].get<long long>());

  auto edit = owner.get(page);
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_TRUE(mentions(edit, "value=\"Partners\""));
  EXPECT_TRUE(mentions(edit, "Admin</a>"));
  auto bad_edit = owner.post(page, {{"Name", ""}, {"VisibilityStatus", "Private"}});
  EXPECT_EQ(bad_edit.status, 400);
  EXPECT_TRUE(mentions(bad_edit, "id=\"Name-error\""));
  EXPECT_EQ(admin_->get("/portal-api/catalogues").json()[0]["Name"], "Partners");
  owner.get(page);
  EXPECT_EQ(owner.post(page, {{"Name", "Partners"}, {"VisibilityStatus", "Private"}}).status, 303);
  EXPECT_TRUE(mentions(owner.get(page), "Changes saved."));
  EXPECT_EQ(admin_->get("/portal-api/catalogues").json()[0]["VisibilityStatus"], "Private");

  auto confirm = owner.get(page + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the catalogue “Partners”?"));
  EXPECT_EQ(admin_->get("/portal-api/catalogues").json().size(), 1U) << "asking changes nothing";
  EXPECT_EQ(owner.post(page + "/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get("/admin/catalogues"), "Catalogue “Partners” deleted."));
  EXPECT_EQ(admin_->get("/portal-api/catalogues").json().size(), 0U);
  EXPECT_EQ(owner.get(page + "/delete").status, 404);

  Browser alice = signed_in("alice");
  EXPECT_EQ(alice.get("/admin/catalogues").status, 404);
  EXPECT_EQ(alice.post("/admin/catalogues", {{"Name", "Mine"}}).status, 404);
}

}  // namespace
}  // namespace atrium::testing

namespace atrium::testing {
namespace {

// A catalogue's audiences in the Admin Portal: an organisation with every team or one team
// added (its teams offered once it is chosen), a crafted team of another organisation refused
// beside the field with nothing changed, removed after a confirmation step.
TEST_F(AdminPortalTest, AnOwnerEditsACataloguesAudiences) {
  const long long id = post("/portal-api/catalogues", {{"Name", "Partners"}})["ID"];
  const long long beta = post("/portal-api/organisations", {{"Name", "Beta"}})["ID"];
  const long long blue = post("/portal-api/organisations/" + std::to_string(beta) + "/teams",
                              {{"Name", "Blue"}})["ID"];
  const std::string page = "/admin/catalogues/" + std::to_string(id);
  const std::string audiences = "/portal-api/catalogues/" + std::to_string(id) + "/audiences";
  Browser owner = signed_in("olive");
  auto shown = owner.get(page + "?organisation=" + std::to_string(acme_));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "No organisation sees this catalogue"));
  EXPECT_TRUE(mentions(shown, ">Red</option>")) << shown.body;
  EXPECT_FALSE(mentions(shown, ">Blue</option>"));

  const long long before = audit_count();
  for (const auto& [org, team, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {std::to_string(acme_), std::to_string(blue), "TeamID"},
           {"abc", "", "OrganisationID"},
           {"999999", "", "OrganisationID"},
           {std::to_string(acme_), "x", "TeamID"}}) {
    owner.get(page);
    auto refused = owner.post(page + "/audiences", {{"OrganisationID", org}, {"TeamID", team}});
    EXPECT_EQ(refused.status, 400) << org << "/" << team << ": " << refused.body;
    EXPECT_TRUE(mentions(refused, "id=\"" + field + "-error\"")) << refused.body;
  }
  EXPECT_EQ(audit_count(), before);
  EXPECT_EQ(admin_->get(audiences).json().size(), 0U);

  owner.get(page);
  auto added = owner.post(page + "/audiences", {{"OrganisationID", std::to_string(acme_)},
                                                {"TeamID", std::to_string(red_)}});
  ASSERT_EQ(added.status, 303) << added.body;
  owner.get(page);
  ASSERT_EQ(
      owner.post(page + "/audiences", {{"OrganisationID", std::to_string(beta)}, {"TeamID", ""}})
          .status,
      303);
  shown = owner.get(page);
  EXPECT_TRUE(mentions(shown, "Audience added: Beta."));
  EXPECT_TRUE(mentions(shown, "Acme: team Red"));
  EXPECT_TRUE(mentions(shown, "Beta: every team"));
  auto stored = admin_->get(audiences).json();
  ASSERT_EQ(stored.size(), 2U) << stored.dump();

  const std::string remove = page + "/audiences/" + stored[0]["ID"].dump() + "/delete";
  auto confirm = owner.get(remove);
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_TRUE(mentions(confirm, "Remove Acme from the audience?"));
  EXPECT_EQ(admin_->get(audiences).json().size(), 2U) << "asking changes nothing";
  EXPECT_EQ(owner.post(remove, {}).status, 303);
  EXPECT_TRUE(mentions(owner.get(page), "Audience removed: Acme."));
  EXPECT_EQ(admin_->get(audiences).json().size(), 1U);
  EXPECT_EQ(owner.get(remove).status, 404);
  const long long other = post("/portal-api/catalogues", {{"Name", "Other"}})["ID"];
  EXPECT_EQ(owner
                .get("/admin/catalogues/" + std::to_string(other) + "/audiences/" +
                     stored[1]["ID"].dump() + "/delete")
                .status,
            404)
      << "an audience of another catalogue";

  Browser alice = signed_in("alice");
  alice.get("/portal/private/dashboard");  // a CSRF token of her own
  EXPECT_EQ(alice.post(page + "/audiences", {{"OrganisationID", std::to_string(acme_)}}).status,
            404);
  EXPECT_EQ(alice.get(remove).status, 404);
}

// Plans in the Admin Portal: listed with their limits in words, deleted after confirming.
TEST_F(AdminPortalTest, AnOwnerSeesPlansInWordsAndDeletesOne) {
  auto plan =
      admin_->post("/portal-api/plans",
                   {{"Name", "gold"}, {"DisplayName", "Gold"}, {"RateLimit", 100}, {"Per", 60}});
  ASSERT_EQ(plan.status, 200) << plan.body;
  Browser owner = signed_in("olive");
  auto list = owner.get("/admin/plans");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(mentions(list, "100 requests per minute"));
  EXPECT_TRUE(mentions(list, "href=\"/admin/plans\" aria-current=\"page\""));
  const std::string page = "/admin/plans/" + std::to_string(plan.json()["ID"].get<long long>());
  auto confirm = owner.get(page + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the plan “Gold”?"));
  EXPECT_EQ(owner.post(page + "/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get("/admin/plans"), "Plan “Gold” deleted."));
  EXPECT_EQ(
      admin_->get("/portal-api/plans/" + std::to_string(plan.json()["ID"].get<long long>())).status,
      404);
  EXPECT_EQ(owner.get(page + "/delete").status, 404);
  Browser alice = signed_in("alice");
  EXPECT_EQ(alice.get("/admin/plans").status, 404);
}

// ---- Users: create and edit (DESIGN §3 flow 1, §5) -------------------------------------------
class AdminUserFormTest : public AdminPortalTest {
 protected:
  // The ID of the user a create answer's Location names.
  static long long created_id(const HttpResult& r) {
    const std::string location = r.header("location").value_or("");
    const std::string prefix = "/admin/users/";
    EXPECT_EQ(location.rfind(prefix, 0), 0U) << location;
    return std::stoll(location.substr(prefix.size()));
  }
};

TEST_F(AdminUserFormTest, AnOwnerCreatesAUserWithAPasswordOrAnInvitation) {
  Browser olive = signed_in("olive");
  EXPECT_TRUE(mentions(olive.get("/admin/users"), "href=\"/admin/users/new\""));
  auto form = olive.get("/admin/users/new?organisation=" + std::to_string(acme_));
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(mentions(form, "name=\"Teams\" value=\"" + std::to_string(red_) + "\""));
  EXPECT_TRUE(mentions(form, "name=\"OrganisationID\" value=\"" + std::to_string(acme_) + "\""));

  auto empty = olive.post_fields("/admin/users/new", {{"OrganisationID", std::to_string(acme_)}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(mentions(empty, "Email: is required")) << empty.body;

  const std::string acme = std::to_string(acme_);
  auto weak = olive.post_fields("/admin/users/new", {{"Email", "pat@example.com"},
                                                     {"First", "Pat"},
                                                     {"OrganisationID", acme},
                                                     {"SignIn", "password"},
                                                     {"Password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(mentions(weak, "id=\"Password-error\"")) << weak.body;
  EXPECT_TRUE(mentions(weak, "value=\"pat@example.com\""));

  auto with_password = olive.post_fields("/admin/users/new", {{"Email", "pat@example.com"},
                                                              {"First", "Pat"},
                                                              {"Last", "Password"},
                                                              {"Role", "consumer-team-member"},
                                                              {"OrganisationID", acme},
                                                              {"Teams", std::to_string(red_)},
                                                              {"SignIn", "password"},
                                                              {"Password", kPassword},
                                                              {"Active", "on"}});
  ASSERT_EQ(with_password.status, 303) << with_password.body;
  const auto pat = admin_->user(created_id(with_password));
  EXPECT_EQ(pat["Role"], "consumer-team-member");
  EXPECT_EQ(pat["Active"], true);
  EXPECT_EQ(team_names(pat), std::vector<std::string>{"Red"});
  EXPECT_TRUE(
      mentions(olive.get(with_password.header("location").value_or("")), "Created Pat Password."));
  Browser pat_browser(portal_->client());
  EXPECT_EQ(pat_browser.login("pat@example.com", kPassword).status, 303);

  auto invited = olive.post_fields("/admin/users/new", {{"Email", "ian@example.com"},
                                                        {"First", "Ian"},
                                                        {"Last", "Invited"},
                                                        {"Role", "consumer-admin"},
                                                        {"OrganisationID", acme},
                                                        {"SignIn", "invite"}});
  ASSERT_EQ(invited.status, 303) << invited.body;
  const auto ian = admin_->user(created_id(invited));
  EXPECT_EQ(ian["Active"], false);
  EXPECT_EQ(team_names(ian), std::vector<std::string>{"Acme All users"});
  auto page = olive.get(invited.header("location").value_or(""));
  EXPECT_TRUE(mentions(page,
                       "Invitation created. The email to ian@example.com is queued; no mail "
                       "relay is configured"))
      << page.body;
  EXPECT_TRUE(mentions(page, "<dd>Invited</dd>"));

  auto taken = olive.post_fields("/admin/users/new", {{"Email", "PAT@example.com"},
                                                      {"First", "Pat"},
                                                      {"OrganisationID", acme},
                                                      {"SignIn", "invite"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(mentions(taken, "id=\"Email-error\"")) << taken.body;
}

TEST_F(AdminUserFormTest, AnOwnerEditsDetailsRoleTeamsAndOrganisation) {
  const long long blue = post("/portal-api/organisations/" + std::to_string(acme_) + "/teams",
                              {{"Name", "Blue"}})["ID"];
  Browser olive = signed_in("olive");
  const std::string edit = "/admin/users/" + std::to_string(alice_) + "/edit";
  EXPECT_TRUE(
      mentions(olive.get("/admin/users/" + std::to_string(alice_)), "href=\"" + edit + "\""));
  auto form = olive.get(edit);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(mentions(form, "name=\"Teams\" value=\"" + std::to_string(red_) + "\" checked"));
  EXPECT_TRUE(mentions(form, "name=\"Teams\" value=\"" + std::to_string(blue) + "\">"));

  auto bad = olive.post_fields(edit, {{"Email", "not an address"}, {"First", "Alicia"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(mentions(bad, "id=\"Email-error\"")) << bad.body;
  EXPECT_TRUE(mentions(bad, "value=\"not an address\""));
  EXPECT_EQ(admin_->user(alice_)["Email"], "alice@example.com");

  auto saved = olive.post_fields(edit, {{"Email", "alicia@example.com"},
                                        {"First", "Alicia"},
                                        {"Last", "Tested"},
                                        {"Role", "consumer-admin"},
                                        {"OrganisationID", std::to_string(acme_)},
                                        {"Teams", std::to_string(red_)},
                                        {"Teams", std::to_string(blue)}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto alice = admin_->user(alice_);
  EXPECT_EQ(alice["Email"], "alicia@example.com");
  EXPECT_EQ(alice["First"], "Alicia");
  EXPECT_EQ(alice["Role"], "consumer-admin");
  EXPECT_EQ(team_names(alice), (std::vector<std::string>{"Red", "Blue"}));
  EXPECT_TRUE(mentions(olive.get(saved.header("location").value_or("")),
                       "Changes to Alicia Tested saved."));

  const long long globex = post("/portal-api/organisations", {{"Name", "Globex"}})["ID"];
  auto moved = olive.post_fields(edit, {{"Email", "alicia@example.com"},
                                        {"First", "Alicia"},
                                        {"Role", "consumer-admin"},
                                        {"OrganisationID", std::to_string(globex)},
                                        {"Teams", std::to_string(red_)}});
  ASSERT_EQ(moved.status, 303) << moved.body;
  alice = admin_->user(alice_);
  EXPECT_EQ(alice["OrganisationID"], globex);
  EXPECT_EQ(team_names(alice), std::vector<std::string>{"Globex All users"});
  EXPECT_TRUE(mentions(olive.get(moved.header("location").value_or("")),
                       "in the default team of Globex now"));
}

TEST_F(AdminUserFormTest, WhoMayEditWhomIsThePolicys) {
  user("percy", "provider-admin", 0);
  Browser percy = signed_in("percy");
  const std::string olive_page = "/admin/users/" + std::to_string(olive_);
  EXPECT_FALSE(mentions(percy.get(olive_page), olive_page + "/edit"));
  EXPECT_EQ(percy.get(olive_page + "/edit").status, 403);
  auto posted = percy.post_fields(
      olive_page + "/edit",
      {{"Email", "olive@example.com"}, {"First", "Demoted"}, {"Role", "provider-admin"}});
  EXPECT_EQ(posted.status, 403);
  EXPECT_EQ(admin_->user(olive_)["Role"], "super-admin");
  // An owner's form offers owner roles only (a consumer is moved to an owner through the API).
  auto percy_form = percy.get("/admin/users/" + std::to_string(alice_) + "/edit");
  EXPECT_FALSE(mentions(percy_form, "value=\"provider-admin\""));
  EXPECT_FALSE(mentions(percy.get("/admin/users/new"), "value=\"super-admin\""));

  Browser dave = signed_in("dave");
  EXPECT_EQ(dave.get("/admin/users/new").status, 404);
  EXPECT_EQ(dave.get("/admin/users/" + std::to_string(alice_) + "/edit").status, 404);
}

}  // namespace
}  // namespace atrium::testing
