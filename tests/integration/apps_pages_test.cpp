// The Live Portal's apps pages: the visibility matrix from five viewpoints (owner, teammate,
// colleague in another team, consumer-admin, another organisation) through HTML and JSON, the
// request-access form, keys shown exactly once, rotation and revocation, and the cache of the
// "apps visible to me" list following every change.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "apps_fixture.hpp"

namespace atrium::testing {
namespace {

constexpr const char* kJson = "application/json";

// The API key a key page shows, or "".
std::string key_in(const std::string& html) {
  const auto at = html.find("value=\"atr_");
  if (at == std::string::npos) return "";
  const auto start = at + 7;
  return html.substr(start, html.find('"', start) - start);
}

class AppsPagesTest : public AppsFixture {
 protected:
  std::set<std::string> visible_names(Browser& browser) {
    auto r = browser.get("/portal/private/apps", kJson);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> names;
    for (const auto& app : r.json()) names.insert(app["Name"].get<std::string>());
    return names;
  }

  std::string page_of(const nlohmann::json& app) {
    return "/portal/private/apps/" + std::to_string(app["ID"].get<long long>());
  }

  nlohmann::json credentials_of(Browser& browser, const nlohmann::json& app) {
    auto r = browser.get(page_of(app), kJson);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["AccessRequests"][0]["Credentials"];
  }
};

TEST_F(AppsPagesTest, EachViewerSeesAndManagesWhatThePolicyAllows) {
  const auto personal = make_app(alice_, "personal", "personal");
  const auto team = make_app(alice_, "team", "team");
  const auto org = make_app(alice_, "org", "organisation");
  using Names = std::set<std::string>;
  struct Viewer {
    std::string name;
    Names sees;
    Names manages;
  };
  const std::vector<Viewer> viewers = {
      {"alice", {"personal", "team", "org"}, {"personal", "team", "org"}},  // the owner
      {"bob", {"team", "org"}, {}},                                         // teammate
      {"carol", {"org"}, {}},                      // another team, same organisation
      {"dave", {"team", "org"}, {"team", "org"}},  // consumer-admin sharing Red
      {"erin", {}, {}},                            // another organisation
  };
  for (const Viewer& v : viewers) {
    Browser b = signed_in(v.name);
    EXPECT_EQ(visible_names(b), v.sees) << v.name;
    for (const auto* app : {&personal, &team, &org}) {
      const std::string name = (*app)["Name"];
      const bool sees = v.sees.contains(name);
      EXPECT_EQ(b.get(page_of(*app)).status, sees ? 200 : 404) << v.name << " " << name;
      EXPECT_EQ(b.get(page_of(*app), kJson).status, sees ? 200 : 404) << v.name << " " << name;
      // Editing: allowed to managers, 403 to viewers who may only look, 404 to the others.
      auto edited =
          b.post(page_of(*app) + "/edit", {{"Name", name}, {"Visibility", (*app)["Visibility"]}});
      const int expected = v.manages.contains(name) ? 303 : (sees ? 403 : 404);
      EXPECT_EQ(edited.status, expected) << v.name << " edits " << name << ": " << edited.body;
    }
  }
}

TEST_F(AppsPagesTest, AutoApprovedAccessShowsTheKeyOnceAndOnlyItsPrefixAfterwards) {
  Browser alice = signed_in("alice");
  auto form = alice.get("/portal/catalogue-products/payments/request-access");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("instant"), std::string::npos);
  auto granted = alice.post(
      "/portal/catalogue-products/payments/request-access",
      {{"PlanID", std::to_string(instant_plan_)}, {"AppID", "new"}, {"NewAppName", "Checkout"}});
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_EQ(granted.header("cache-control"), "no-store");
  const std::string key = key_in(granted.body);
  ASSERT_EQ(key.size(), 36U) << granted.body;  // "atr_" + 32 base64url characters (192 bits)

  auto apps = alice.get("/portal/private/apps", kJson).json();
  ASSERT_EQ(apps.size(), 1U);
  EXPECT_EQ(apps[0]["Name"], "Checkout");
  auto page = alice.get(page_of(apps[0]));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find(key), std::string::npos);
  EXPECT_NE(page.body.find(key.substr(0, 12)), std::string::npos);
  const auto credentials = credentials_of(alice, apps[0]);
  ASSERT_EQ(credentials.size(), 1U);
  EXPECT_EQ(credentials[0]["State"], "active");
  EXPECT_EQ(credentials[0]["KeyPrefix"], key.substr(0, 12));
  // The key is not in the admin API either, nor in any email.
  EXPECT_EQ(admin_->get("/portal-api/apps/" + std::to_string(apps[0]["ID"].get<long long>()))
                .body.find(key),
            std::string::npos);
  for (const auto& m : sink_.messages()) EXPECT_EQ(m.raw.find(key), std::string::npos);
  // A key that was shown is not shown again.
  const std::string reveal = page_of(apps[0]) + "/credentials/" +
                             std::to_string(credentials[0]["ID"].get<long long>()) + "/reveal";
  EXPECT_EQ(alice.post(reveal, {}).status, 409);
}

TEST_F(AppsPagesTest, AnApprovedKeyWaitsForTheAppsManagerThenRotatesAndRevokes) {
  const auto app = make_app(alice_, "Shop", "organisation");
  Browser alice = signed_in("alice");
  alice.get("/portal/private/apps");  // a page, for the form's CSRF token
  auto asked = alice.post("/portal/catalogue-products/payments/request-access",
                          {{"PlanID", std::to_string(reviewed_plan_)},
                           {"AppID", std::to_string(app["ID"].get<long long>())}});
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(asked.header("location"), page_of(app));
  auto shown = alice.get(page_of(app));
  EXPECT_NE(shown.body.find("Access requested"), std::string::npos);
  EXPECT_NE(shown.body.find("Awaiting review"), std::string::npos);

  const long long request =
      admin_->get("/portal-api/access_requests?status=pending").json()[0]["ID"];
  ASSERT_EQ(admin_
                ->put("/portal-api/access_requests/" + std::to_string(request) + "/approve",
                      nlohmann::json::object())
                .status,
            200);
  auto credentials = credentials_of(alice, app);
  ASSERT_EQ(credentials.size(), 1U);
  EXPECT_EQ(credentials[0]["State"], "awaiting reveal");
  const std::string key_base =
      page_of(app) + "/credentials/" + std::to_string(credentials[0]["ID"].get<long long>());

  // A teammate who may only look cannot take the key; another organisation does not see it.
  Browser bob = signed_in("bob");
  bob.get("/portal/private/apps");
  EXPECT_EQ(bob.post(key_base + "/reveal", {}).status, 403);
  Browser erin = signed_in("erin");
  erin.get("/portal/private/apps");
  EXPECT_EQ(erin.post(key_base + "/reveal", {}).status, 404);

  auto revealed = alice.post(key_base + "/reveal", {});
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  const std::string key = key_in(revealed.body);
  ASSERT_FALSE(key.empty());
  EXPECT_EQ(alice.post(key_base + "/reveal", {}).status, 409);
  EXPECT_EQ(credentials_of(alice, app)[0]["State"], "active");

  auto rotated = alice.post(key_base + "/rotate", {});
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string new_key = key_in(rotated.body);
  ASSERT_FALSE(new_key.empty());
  EXPECT_NE(new_key, key);
  EXPECT_EQ(credentials_of(alice, app)[0]["KeyPrefix"], new_key.substr(0, 12));

  EXPECT_EQ(alice.get(key_base + "/revoke").status, 200);  // the confirmation step
  EXPECT_EQ(credentials_of(alice, app)[0]["State"], "active");
  auto revoked = alice.post(key_base + "/revoke", {});
  ASSERT_EQ(revoked.status, 303) << revoked.body;
  EXPECT_EQ(credentials_of(alice, app)[0]["State"], "revoked");
  EXPECT_EQ(alice.post(key_base + "/rotate", {}).status, 409);
}

TEST_F(AppsPagesTest, TheRequestFormNamesWhatIsWrongAndLeavesNothingBehind) {
  Browser alice = signed_in("alice");
  const std::string form = "/portal/catalogue-products/payments/request-access";
  alice.get(form);
  auto no_plan = alice.post(form, {{"AppID", "new"}, {"NewAppName", "Checkout"}});
  EXPECT_EQ(no_plan.status, 400);
  EXPECT_NE(no_plan.body.find("href=\"#PlanID\""), std::string::npos) << no_plan.body;
  auto no_name = alice.post(form, {{"PlanID", std::to_string(reviewed_plan_)}, {"AppID", "new"}});
  EXPECT_EQ(no_name.status, 400);
  EXPECT_NE(no_name.body.find("href=\"#NewAppName\""), std::string::npos) << no_name.body;
  auto lonely = post("/portal-api/plans", {{"Name", "lonely"}});
  auto outside = alice.post(form, {{"PlanID", std::to_string(lonely["ID"].get<long long>())},
                                   {"AppID", "new"},
                                   {"NewAppName", "Checkout"}});
  EXPECT_EQ(outside.status, 400) << outside.body;
  EXPECT_TRUE(alice.get("/portal/private/apps", kJson).json().empty());  // no app left behind
  // A product of a catalogue alice does not see: the form is a 404, as the product page is.
  EXPECT_EQ(alice.get("/portal/catalogue-products/ledger/request-access").status, 404);
  // Signed out: to the sign-in page, and back afterwards.
  Browser visitor(portal_->client());
  auto away = visitor.get(form);
  EXPECT_EQ(away.status, 303);
  EXPECT_NE(away.header("location").value_or("").find("next="), std::string::npos);
}

TEST_F(AppsPagesTest, AppsAreCreatedEditedAndDeletedThroughTheirPages) {
  Browser alice = signed_in("alice");
  EXPECT_EQ(alice.get("/portal/private/apps/new").status, 200);  // and its CSRF token
  auto bad = alice.post("/portal/private/apps", {{"Name", ""}, {"Visibility", "everyone"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("href=\"#Name\""), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#Visibility\""), std::string::npos);
  auto made = alice.post("/portal/private/apps", {{"Name", "Mobile"},
                                                  {"Description", "Our phone app"},
                                                  {"RedirectURLs", "https://m.example/cb"},
                                                  {"Visibility", "team"}});
  ASSERT_EQ(made.status, 303) << made.body;
  const std::string page = made.header("location").value_or("");
  auto shown = alice.get(page);
  EXPECT_NE(shown.body.find("App “Mobile” created."), std::string::npos);
  EXPECT_NE(shown.body.find("Our phone app"), std::string::npos);

  // Bob (Red) sees the team app; once it is personal he does not.
  Browser bob = signed_in("bob");
  EXPECT_EQ(visible_names(bob), (std::set<std::string>{"Mobile"}));
  ASSERT_EQ(alice.post(page + "/edit", {{"Name", "Mobile"}, {"Visibility", "personal"}}).status,
            303);
  EXPECT_TRUE(visible_names(bob).empty());

  EXPECT_EQ(alice.get(page + "/delete").status, 200);
  EXPECT_EQ(alice.get(page).status, 200);  // the confirmation changed nothing
  ASSERT_EQ(alice.post(page + "/delete", {}).status, 303);
  EXPECT_EQ(alice.get(page).status, 404);
}

TEST_F(AppsPagesTest, TheCachedListFollowsAppsAndMemberships) {
  Browser carol = signed_in("carol");
  EXPECT_TRUE(visible_names(carol).empty());
  EXPECT_TRUE(visible_names(carol).empty());  // answered from the cache
  make_app(alice_, "shared", "team");
  EXPECT_TRUE(visible_names(carol).empty());  // alice's team app: carol is in Blue
  // Carol joins Red: the team app is hers to see now.
  ASSERT_EQ(
      admin_->put("/portal-api/users/" + std::to_string(carol_), {{"Teams", {blue_, red_}}}).status,
      200);
  EXPECT_EQ(visible_names(carol), (std::set<std::string>{"shared"}));
  make_app(bob_, "another", "organisation");
  EXPECT_EQ(visible_names(carol), (std::set<std::string>{"shared", "another"}));
}

TEST_F(AppsPagesTest, OwnersReviewTheQueueAndManageAppsInTheAdminPortal) {
  const auto shop = make_app(alice_, "Shop");
  const auto other = make_app(erin_, "Globex tool");
  for (const auto* app : {&shop, &other}) {
    auto r = admin_->put(app_path(*app) + "/provision",
                         {{"PlanID", reviewed_plan_}, {"Products", {product_}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  Browser owner(portal_->client());
  ASSERT_EQ(owner.login("owner@example.com", "a long test password").status, 303);
  auto queue = owner.get("/admin/access-requests");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find("Shop"), std::string::npos);
  EXPECT_NE(queue.body.find("Globex tool"), std::string::npos);
  auto acme_only = owner.get("/admin/access-requests?organisation=" + std::to_string(acme_));
  EXPECT_NE(acme_only.body.find("Shop"), std::string::npos);
  EXPECT_EQ(acme_only.body.find("Globex tool"), std::string::npos);

  auto pending = admin_->get("/portal-api/access_requests?status=pending").json();
  ASSERT_EQ(pending.size(), 2U);
  const std::string first =
      "/admin/access-requests/" + std::to_string(pending[0]["ID"].get<long long>());
  const std::string second =
      "/admin/access-requests/" + std::to_string(pending[1]["ID"].get<long long>());
  auto approved = owner.post(first + "/approve", {});
  ASSERT_EQ(approved.status, 303) << approved.body;
  EXPECT_NE(owner.get("/admin/access-requests").body.find("Approved access for"),
            std::string::npos);
  EXPECT_EQ(owner.get(second + "/reject").status, 200);  // the confirmation, with a reason
  auto too_long = owner.post(second + "/reject", {{"Reason", std::string(3000, 'r')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("href=\"#Reason\""), std::string::npos) << too_long.body;
  ASSERT_EQ(owner.post(second + "/reject", {{"Reason", "Not for Globex yet"}}).status, 303);
  EXPECT_TRUE(admin_->get("/portal-api/access_requests?status=pending").json().empty());
  EXPECT_EQ(owner.post(first + "/approve", {}).status, 409);
  auto to_erin = mail_to("erin@example.com");
  ASSERT_EQ(to_erin.size(), 1U);
  EXPECT_NE(to_erin[0].text.value_or("").find("Not for Globex yet"), std::string::npos);

  auto apps = owner.get("/admin/apps?organisation=" + std::to_string(globex_));
  ASSERT_EQ(apps.status, 200);
  EXPECT_NE(apps.body.find("Globex tool"), std::string::npos);
  EXPECT_EQ(apps.body.find(">Shop<"), std::string::npos);
  const std::string globex_app = "/admin/apps/" + std::to_string(other["ID"].get<long long>());
  EXPECT_EQ(owner.get(globex_app).status, 200);
  EXPECT_EQ(owner.get(globex_app + "/delete").status, 200);
  ASSERT_EQ(owner.post(globex_app + "/delete", {}).status, 303);
  EXPECT_EQ(owner.get(globex_app).status, 404);
  // Consumers get no Admin Portal.
  Browser alice = signed_in("alice");
  EXPECT_EQ(alice.get("/admin/access-requests").status, 404);
  EXPECT_EQ(alice.get("/admin/apps").status, 404);
}

TEST_F(AppsPagesTest, AConsumerAdminRemovingAUserTakesOverTheirApps) {
  const auto shared = make_app(bob_, "Bob's shared", "organisation");
  const auto own = make_app(bob_, "Bob's own", "personal");
  Browser dave = signed_in("dave");
  const std::string bob = "/portal/private/users/" + std::to_string(bob_);
  auto page = dave.get(bob);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Remove from organisation"), std::string::npos);
  EXPECT_EQ(dave.get(bob + "/remove").status, 200);  // the confirmation step
  // Not theirs to do: a team member (403), a user of another organisation (404), oneself (403).
  Browser alice = signed_in("alice");
  alice.get("/portal/private/users");
  EXPECT_EQ(alice.post(bob + "/remove", {}).status, 403);
  EXPECT_EQ(dave.post("/portal/private/users/" + std::to_string(erin_) + "/remove", {}).status,
            404);
  EXPECT_EQ(dave.post("/portal/private/users/" + std::to_string(dave_) + "/remove", {}).status,
            403);

  dave.get(bob);
  auto removed = dave.post(bob + "/remove", {});
  ASSERT_EQ(removed.status, 303) << removed.body;
  EXPECT_NE(dave.get("/portal/private/users").body.find("2 apps are yours now."),
            std::string::npos);
  auto user = admin_->get("/portal-api/users/" + std::to_string(bob_)).json();
  EXPECT_NE(user["OrganisationID"], acme_);
  for (const auto* app : {&shared, &own}) {
    auto now = admin_->get(app_path(*app)).json();
    EXPECT_EQ(now["UserID"], dave_);
    EXPECT_EQ(now["OrganisationID"], acme_);
    EXPECT_EQ(now["Visibility"], (*app)["Visibility"]);  // kept, in dave's organisation
  }
  Browser bob_browser = signed_in("bob");
  EXPECT_TRUE(visible_names(bob_browser).empty());
  Browser carol = signed_in("carol");
  EXPECT_EQ(visible_names(carol), (std::set<std::string>{"Bob's shared"}));
  // Bob is out of sight now.
  EXPECT_EQ(dave.get(bob).status, 404);
}

}  // namespace
}  // namespace atrium::testing
