// The Live Portal's "Users" page: a consumer sees exactly the users sharing a team with them, in
// HTML and JSON alike, and a user they may not see is a 404 like one that does not exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "admin_client.hpp"
#include "browser.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

constexpr const char* kPassword = "a good long passphrase";
constexpr const char* kJson = "application/json";

class ConsumerUsersTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
    // Acme: Red {alice, bob}, Blue {bob, carol, dave (consumer-admin)}. Other: erin.
    const long long acme = post("/portal-api/organisations", {{"Name", "Acme"}})["ID"];
    const long long other = post("/portal-api/organisations", {{"Name", "Other"}})["ID"];
    const std::string teams = "/portal-api/organisations/" + std::to_string(acme) + "/teams";
    const long long red = post(teams, {{"Name", "Red"}})["ID"];
    const long long blue = post(teams, {{"Name", "Blue"}})["ID"];
    alice_ = user("alice", acme, {red}, "consumer-team-member");
    bob_ = user("bob", acme, {red, blue}, "consumer-team-member");
    carol_ = user("carol", acme, {blue}, "consumer-team-member");
    dave_ = user("dave", acme, {blue}, "consumer-admin");
    erin_ = user("erin", other, {}, "consumer-admin");
  }

  nlohmann::json post(const std::string& path, const nlohmann::json& body) {
    auto r = admin_->post(path, body);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }

  long long user(const std::string& name, long long org, const std::vector<long long>& teams,
                 const std::string& role) {
    nlohmann::json body = {
        {"Email", name + "@example.com"}, {"First", name}, {"Last", "Tester"},
        {"Password", kPassword},          {"Role", role},  {"OrganisationID", org}};
    if (!teams.empty()) body["Teams"] = teams;
    return post("/portal-api/users", body)["ID"];
  }

  Browser signed_in(const std::string& name) {
    Browser b(portal_->client());
    auto r = b.login(name + "@example.com", kPassword);
    EXPECT_EQ(r.status, 303) << r.body;
    return b;
  }

  // The IDs of the JSON list, checking X-Total-Count against them.
  static std::set<long long> listed(const HttpResult& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json");
    std::set<long long> ids;
    for (const auto& u : r.json()) ids.insert(u["ID"].get<long long>());
    EXPECT_EQ(r.header("x-total-count"), std::to_string(ids.size()));
    return ids;
  }

  std::unique_ptr<AdminClient> admin_;
  long long alice_ = 0, bob_ = 0, carol_ = 0, dave_ = 0, erin_ = 0;
};

bool mentions(const HttpResult& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

TEST_F(ConsumerUsersTest, ATeamMemberSeesOnlyUsersSharingATeam) {
  Browser alice = signed_in("alice");
  EXPECT_EQ(listed(alice.get("/portal/private/users", kJson)), (std::set{alice_, bob_}));
  // In two teams: the members of both, each once.
  Browser bob = signed_in("bob");
  EXPECT_EQ(listed(bob.get("/portal/private/users", kJson)),
            (std::set{alice_, bob_, carol_, dave_}));

  auto html = alice.get("/portal/private/users");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.header("content-type"), "text/html; charset=utf-8");
  EXPECT_TRUE(mentions(html, "bob@example.com"));
  for (const char* hidden :
       {"carol@example.com", "dave@example.com", "erin@example.com", "owner@example.com"}) {
    EXPECT_FALSE(mentions(html, hidden)) << hidden;
  }
}

TEST_F(ConsumerUsersTest, AConsumerAdminSeesTheirTeamsNotTheWholeOrganisation) {
  Browser dave = signed_in("dave");
  EXPECT_EQ(listed(dave.get("/portal/private/users", kJson)), (std::set{bob_, carol_, dave_}));
  Browser erin = signed_in("erin");
  EXPECT_EQ(listed(erin.get("/portal/private/users", kJson)), (std::set{erin_}));
}

TEST_F(ConsumerUsersTest, AUserOutOfSightIsNotFoundLikeOneThatDoesNotExist) {
  Browser alice = signed_in("alice");
  const std::string base = "/portal/private/users/";
  auto visible = alice.get(base + std::to_string(bob_), kJson);
  ASSERT_EQ(visible.status, 200) << visible.body;
  EXPECT_EQ(visible.json()["Email"], "bob@example.com");
  EXPECT_TRUE(mentions(alice.get(base + std::to_string(bob_)), "bob@example.com"));

  const std::string missing = base + std::to_string(erin_ + 1000);
  for (long long hidden : {carol_, erin_}) {
    const std::string path = base + std::to_string(hidden);
    auto json = alice.get(path, kJson);
    auto none = alice.get(missing, kJson);
    EXPECT_EQ(json.status, 404);
    EXPECT_EQ(json.json()["errors"], none.json()["errors"]);
    auto html = alice.get(path);
    EXPECT_EQ(html.status, 404);
    EXPECT_EQ(html.body, alice.get(missing).body);
    EXPECT_FALSE(mentions(html, "carol") || mentions(html, "erin"));
  }
}

TEST_F(ConsumerUsersTest, PagesAndSearchStayWithinWhatIsVisible) {
  Browser dave = signed_in("dave");
  auto first = dave.get("/portal/private/users?per_page=2", kJson);
  EXPECT_EQ(first.json().size(), 2U);
  EXPECT_EQ(first.header("x-total-count"), "3");
  auto last = dave.get("/portal/private/users?per_page=2&page=2", kJson);
  ASSERT_EQ(last.json().size(), 1U);
  EXPECT_EQ(last.json()[0]["ID"], dave_);

  EXPECT_TRUE(mentions(dave.get("/portal/private/users?per_page=2"), "rel=\"next\""));
  auto html = dave.get("/portal/private/users?per_page=2&page=2");
  EXPECT_TRUE(mentions(html, "rel=\"prev\""));
  EXPECT_FALSE(mentions(html, "rel=\"next\""));

  EXPECT_EQ(listed(dave.get("/portal/private/users?search=car", kJson)), (std::set{carol_}));
  // alice is in Acme but shares no team with dave.
  EXPECT_TRUE(listed(dave.get("/portal/private/users?search=alice", kJson)).empty());
  EXPECT_EQ(dave.get("/portal/private/users?per_page=0", kJson).status, 400);
}

// The JSON list is answered from the response cache while the directory is unchanged; each
// viewer has their own answers, every change shows at once, and the session is checked each time.
TEST_F(ConsumerUsersTest, CachedListsFollowEveryChangeAndStayEachViewers) {
  Browser alice = signed_in("alice");
  Browser carol = signed_in("carol");
  const auto first = alice.get("/portal/private/users", kJson);
  EXPECT_EQ(listed(first), (std::set{alice_, bob_}));
  EXPECT_EQ(alice.get("/portal/private/users", kJson).body, first.body);
  // The same address, another viewer: their own users.
  EXPECT_EQ(listed(carol.get("/portal/private/users", kJson)), (std::set{bob_, carol_, dave_}));

  // carol joins Red (alice's team): alice sees her at once.
  const auto teams = admin_->get("/portal-api/users/" + std::to_string(alice_)).json()["Teams"];
  const long long red = teams[0]["ID"];
  const auto blue_and_red = nlohmann::json::array(
      {admin_->get("/portal-api/users/" + std::to_string(carol_)).json()["Teams"][0]["ID"], red});
  ASSERT_EQ(
      admin_->put("/portal-api/users/" + std::to_string(carol_), {{"Teams", blue_and_red}}).status,
      200);
  EXPECT_EQ(listed(alice.get("/portal/private/users", kJson)), (std::set{alice_, bob_, carol_}));
  // A renamed user reads with the new name.
  ASSERT_EQ(admin_->put("/portal-api/users/" + std::to_string(bob_), {{"First", "Robert"}}).status,
            200);
  const auto renamed = alice.get("/portal/private/users", kJson).json();
  EXPECT_TRUE(std::any_of(renamed.begin(), renamed.end(),
                          [](const auto& u) { return u["First"] == "Robert"; }));
  // Signed out elsewhere: the next request is not answered from the cache.
  ASSERT_EQ(admin_->del("/portal-api/users/" + std::to_string(alice_) + "/sessions").status, 200);
  EXPECT_EQ(alice.get("/portal/private/users", kJson).status, 303);
}

TEST_F(ConsumerUsersTest, SignedOutVisitorsAndOwnersAreSentElsewhere) {
  Browser anonymous(portal_->client());
  auto r = anonymous.get("/portal/private/users", kJson);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/auth/password/login?next=%2Fportal%2Fprivate%2Fusers");

  post("/portal-api/users", {{"Email", "boss@example.com"},
                             {"First", "Boss"},
                             {"Last", "Owner"},
                             {"Password", kPassword},
                             {"Role", "provider-admin"}});
  Browser owner = signed_in("boss");
  auto sent = owner.get("/portal/private/users");
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(sent.header("location"), "/admin");
}

// ---- A consumer-admin edits users (DESIGN §2 row 2) -------------------------------------------
// dave (consumer-admin) is in Blue only: bob (Red, Blue) and carol (Blue) are his to edit, within
// Blue; Red is bob's to keep.
class ConsumerUserEditTest : public ConsumerUsersTest {
 protected:
  std::string blue_id() {
    return std::to_string(admin_->user(carol_)["Teams"][0]["ID"].get<long long>());
  }
  std::string red_id() {
    return std::to_string(admin_->user(alice_)["Teams"][0]["ID"].get<long long>());
  }

  static std::string edit_path(long long id) {
    return "/portal/private/users/" + std::to_string(id) + "/edit";
  }
};

TEST_F(ConsumerUserEditTest, AnAdminEditsNameRoleAndOwnTeamsAndTheOtherTeamsStay) {
  Browser dave = signed_in("dave");
  auto page = dave.get("/portal/private/users/" + std::to_string(bob_));
  EXPECT_TRUE(mentions(page, "href=\"" + edit_path(bob_) + "\"")) << page.body;
  auto form = dave.get(edit_path(bob_));
  ASSERT_EQ(form.status, 200) << form.body;
  // Blue is a checkbox (ticked); Red, which dave is not in, is listed read-only.
  EXPECT_TRUE(mentions(form, "name=\"Teams\" value=\"" + blue_id() + "\" checked"));
  EXPECT_FALSE(mentions(form, "value=\"" + red_id() + "\""));
  EXPECT_TRUE(mentions(form, "<li>Red</li>"));
  EXPECT_TRUE(mentions(form, "<option value=\"consumer-admin\">Admin</option>"));
  EXPECT_FALSE(mentions(form, "provider-admin"));

  auto saved = dave.post_fields(
      edit_path(bob_),
      {{"First", "Robert"}, {"Last", "Builder"}, {"Role", "consumer-admin"}, {"Teams", blue_id()}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("location"), "/portal/private/users/" + std::to_string(bob_));
  const auto bob = admin_->user(bob_);
  EXPECT_EQ(bob["First"], "Robert");
  EXPECT_EQ(bob["Last"], "Builder");
  EXPECT_EQ(bob["Role"], "consumer-admin");
  EXPECT_EQ(team_names(bob), (std::vector<std::string>{"Red", "Blue"}));
  // The flash is in the session, shown once.
  auto after = dave.get(saved.header("location").value_or(""));
  EXPECT_TRUE(mentions(after, "Changes to Robert Builder saved.")) << after.body;
  EXPECT_FALSE(mentions(dave.get(saved.header("location").value_or("")),
                        "Changes to Robert Builder saved."));

  // Unticking Blue: bob keeps Red only and leaves dave's sight; dave lands on the list.
  auto out = dave.post_fields(
      edit_path(bob_), {{"First", "Robert"}, {"Last", "Builder"}, {"Role", "consumer-admin"}});
  ASSERT_EQ(out.status, 303) << out.body;
  EXPECT_EQ(out.header("location"), "/portal/private/users");
  EXPECT_EQ(team_names(admin_->user(bob_)), (std::vector<std::string>{"Red"}));
  EXPECT_TRUE(mentions(dave.get("/portal/private/users"), "no longer in any of your teams"));
  EXPECT_EQ(dave.get(edit_path(bob_)).status, 404);
}

TEST_F(ConsumerUserEditTest, ACraftedFormCannotAddATeamTheAdminIsNotIn) {
  Browser dave = signed_in("dave");
  ASSERT_EQ(dave.get(edit_path(carol_)).status, 200);
  auto crafted = dave.post_fields(edit_path(carol_), {{"First", "carol"},
                                                      {"Last", "Tester"},
                                                      {"Role", "consumer-team-member"},
                                                      {"Teams", blue_id()},
                                                      {"Teams", red_id()}});
  EXPECT_EQ(crafted.status, 403) << crafted.body;
  EXPECT_TRUE(mentions(crafted, "Teams: you may add or remove only teams you are in"));
  EXPECT_TRUE(mentions(crafted, "id=\"Teams-error\""));
  EXPECT_EQ(team_names(admin_->user(carol_)), (std::vector<std::string>{"Blue"}));

  // Nor take away one he is not in (the form keeps Red; a crafted form omitting it is the same).
  auto kept = dave.post_fields(edit_path(bob_), {{"First", "bob"},
                                                 {"Last", "Tester"},
                                                 {"Role", "consumer-team-member"},
                                                 {"Teams", blue_id()}});
  EXPECT_EQ(kept.status, 303) << kept.body;
  EXPECT_EQ(team_names(admin_->user(bob_)), (std::vector<std::string>{"Red", "Blue"}));

  // Nor grant an API Owner's role.
  auto owner = dave.post_fields(
      edit_path(carol_),
      {{"First", "carol"}, {"Last", "Tester"}, {"Role", "super-admin"}, {"Teams", blue_id()}});
  EXPECT_EQ(owner.status, 403) << owner.body;
  EXPECT_TRUE(mentions(owner, "Role: you may not grant the role super-admin"));
  EXPECT_EQ(admin_->user(carol_)["Role"], "consumer-team-member");
}

TEST_F(ConsumerUserEditTest, RefusedFieldsAreNamedAndWhatWasTypedIsKept) {
  Browser dave = signed_in("dave");
  ASSERT_EQ(dave.get(edit_path(carol_)).status, 200);
  auto refused =
      dave.post_fields(edit_path(carol_),
                       {{"First", " "}, {"Last", "Typed <b>here</b>"}, {"Role", "consumer-admin"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "First name: must not be empty"));
  EXPECT_TRUE(mentions(refused, "id=\"First-error\""));
  EXPECT_TRUE(mentions(refused, "value=\"Typed &lt;b&gt;here&lt;/b&gt;\""));
  EXPECT_TRUE(mentions(refused, "<option value=\"consumer-admin\" selected>"));
  EXPECT_EQ(admin_->user(carol_)["First"], "carol");

  // Without the session's CSRF token nothing changes.
  auto forged =
      dave.post_fields(edit_path(carol_), {{"First", "Mallory"}, {"Teams", blue_id()}}, false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(admin_->user(carol_)["First"], "carol");
}

TEST_F(ConsumerUserEditTest, TeamMembersAndTheAdminThemselvesGetNoEdit) {
  Browser bob = signed_in("bob");
  auto page = bob.get("/portal/private/users/" + std::to_string(carol_));
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(mentions(page, "/edit"));
  EXPECT_EQ(bob.get(edit_path(carol_)).status, 403);
  auto posted = bob.post_fields(edit_path(carol_), {{"First", "Hacked"}, {"Teams", blue_id()}});
  EXPECT_EQ(posted.status, 403) << posted.body;
  EXPECT_EQ(admin_->user(carol_)["First"], "carol");

  Browser dave = signed_in("dave");
  EXPECT_FALSE(mentions(dave.get("/portal/private/users/" + std::to_string(dave_)), "/edit"));
  auto self = dave.get(edit_path(dave_));
  EXPECT_EQ(self.status, 403);
  EXPECT_TRUE(mentions(self, "profile page"));
  auto promote = dave.post_fields(
      edit_path(dave_),
      {{"First", "dave"}, {"Role", "consumer-admin"}, {"Teams", blue_id()}, {"Teams", red_id()}});
  EXPECT_EQ(promote.status, 403);
  EXPECT_EQ(team_names(admin_->user(dave_)), (std::vector<std::string>{"Blue"}));

  // alice shares no team with dave: not found, as for a user that does not exist.
  EXPECT_EQ(dave.get(edit_path(alice_)).status, 404);
  EXPECT_EQ(dave.post_fields(edit_path(alice_), {{"First", "x"}, {"Teams", blue_id()}}).status,
            404);
  EXPECT_EQ(admin_->user(alice_)["First"], "alice");
}

}  // namespace
}  // namespace atrium::testing
