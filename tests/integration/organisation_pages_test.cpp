// The Admin Portal's organisations and teams: create, rename, delete (the users move to the
// Default Organisation), team members; refusals name the field and change nothing; owners only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class OrganisationPagesTest : public AdminPortalTest {
 protected:
  std::string org_page(long long id) { return "/admin/organisations/" + std::to_string(id); }
  std::string team_page(long long org, long long team) {
    return org_page(org) + "/teams/" + std::to_string(team);
  }
  long long default_organisation() {
    for (const auto& o : admin_->get("/portal-api/organisations").json()) {
      if (o["Default"] == true) return o["ID"].get<long long>();
    }
    ADD_FAILURE() << "no Default Organisation";
    return 0;
  }
  std::size_t organisation_count() {
    return admin_->get("/portal-api/organisations").json().size();
  }
  nlohmann::json organisation(long long id) {
    return admin_->get("/portal-api/organisations/" + std::to_string(id)).json();
  }
  // The ID a redirect's Location ends with.
  static long long location_id(const HttpResult& r) {
    const std::string location = r.header("location").value_or("");
    return std::stoll(location.substr(location.rfind('/') + 1));
  }
};

TEST_F(OrganisationPagesTest, AnOwnerCreatesRenamesAndDeletesAnOrganisation) {
  Browser olive = signed_in("olive");
  auto list = olive.get("/admin/organisations");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(mentions(list, R"(href="/admin/organisations" aria-current="page")"));
  EXPECT_TRUE(mentions(list, ">Acme</a>"));
  EXPECT_TRUE(mentions(list, "(Default Organisation)"));

  auto created = olive.post("/admin/organisations", {{"Name", "  Globex  "}});
  ASSERT_EQ(created.status, 303) << created.body;
  const long long globex = location_id(created);
  EXPECT_EQ(created.header("location"), org_page(globex));
  auto page = olive.get(org_page(globex));
  EXPECT_TRUE(mentions(page, "Organisation “Globex” created, with its default team."));
  EXPECT_TRUE(mentions(page, "Globex All users"));
  EXPECT_TRUE(mentions(page, "<span aria-current=\"page\">Globex</span>")) << "breadcrumbs";

  auto renamed = olive.post(org_page(globex), {{"Name", "Globex Corp"}});
  ASSERT_EQ(renamed.status, 303) << renamed.body;
  EXPECT_TRUE(mentions(olive.get(org_page(globex)), "Renamed to “Globex Corp”."));
  auto stored = organisation(globex);
  EXPECT_EQ(stored["Name"], "Globex Corp");
  EXPECT_EQ(stored["Teams"][0]["Name"], "Globex Corp All users") << "the default team follows";

  const long long gus = post("/portal-api/users", {{"Email", "gus@example.com"},
                                                   {"First", "Gus"},
                                                   {"Password", kAdminPortalPassword},
                                                   {"OrganisationID", globex}})["ID"];
  auto confirm = olive.get(org_page(globex) + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the organisation “Globex Corp”?"));
  EXPECT_TRUE(mentions(confirm, "Its 1 user moves to the Default Organisation"));
  EXPECT_EQ(admin_->get("/portal-api/organisations/" + std::to_string(globex)).status, 200)
      << "asking changes nothing";
  auto deleted = olive.post(org_page(globex) + "/delete", {});
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(deleted.header("location"), "/admin/organisations");
  EXPECT_TRUE(mentions(olive.get("/admin/organisations"),
                       "Organisation “Globex Corp” deleted; its users are in the Default "
                       "Organisation now."));
  EXPECT_EQ(admin_->get("/portal-api/organisations/" + std::to_string(globex)).status, 404);
  EXPECT_EQ(admin_->user(gus)["OrganisationID"], default_organisation());
  EXPECT_EQ(olive.get(org_page(globex)).status, 404);
}

TEST_F(OrganisationPagesTest, BadNamesAreRefusedBesideTheFieldAndChangeNothing) {
  Browser olive = signed_in("olive");
  olive.get("/admin/organisations");
  const std::size_t before = organisation_count();
  auto empty = olive.post("/admin/organisations", {{"Name", "   "}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(mentions(empty, R"(<a href="#Name">Name: must not be empty</a>)")) << empty.body;
  EXPECT_TRUE(mentions(empty, R"(id="Name-error")"));
  auto long_name = olive.post("/admin/organisations", {{"Name", std::string(10000, 'x')}});
  EXPECT_EQ(long_name.status, 400);
  EXPECT_TRUE(mentions(long_name, "Name: must be at most 100 characters")) << long_name.body;
  auto taken = olive.post("/admin/organisations", {{"Name", "Acme"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(mentions(taken, R"(id="Name-error")")) << taken.body;
  auto no_field = olive.post("/admin/organisations", {});
  EXPECT_EQ(no_field.status, 400);
  EXPECT_EQ(organisation_count(), before);

  olive.get(org_page(acme_));
  auto rename = olive.post(org_page(acme_), {{"Name", ""}});
  EXPECT_EQ(rename.status, 400);
  EXPECT_TRUE(mentions(rename, "Name: must not be empty"));
  auto team = olive.post(org_page(acme_) + "/teams", {{"TeamName", std::string(10000, 'y')}});
  EXPECT_EQ(team.status, 400);
  EXPECT_TRUE(mentions(team, R"(<a href="#TeamName">)")) << team.body;
  EXPECT_TRUE(mentions(team, R"(id="TeamName-error")"));
  EXPECT_TRUE(mentions(team, R"(value="Acme")")) << "the rename form keeps the stored name";
  EXPECT_EQ(organisation(acme_)["Name"], "Acme");
  EXPECT_EQ(organisation(acme_)["Teams"].size(), 2U);

  auto no_csrf = olive.post("/admin/organisations", {{"Name", "Forged"}}, false);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(organisation_count(), before);
}

TEST_F(OrganisationPagesTest, UnknownIdsAndTheDefaultsAreNotDeleted) {
  Browser olive = signed_in("olive");
  const long long fallback = default_organisation();
  for (const std::string& path :
       {org_page(999999), std::string("/admin/organisations/abc"), team_page(acme_, 999999),
        team_page(fallback, red_), team_page(acme_, red_) + "x", org_page(999999) + "/delete"}) {
    EXPECT_EQ(olive.get(path).status, 404) << path;
  }
  olive.get("/admin/organisations");
  EXPECT_EQ(olive.post(org_page(999999), {{"Name", "Ghost"}}).status, 404);
  EXPECT_EQ(olive.post(team_page(fallback, red_), {{"Name", "Moved"}}).status, 404);
  EXPECT_EQ(olive.post(team_page(acme_, red_) + "/members/abc/remove", {}).status, 404);

  EXPECT_FALSE(mentions(olive.get(org_page(fallback)), "Delete this organisation"));
  olive.get(org_page(fallback));
  auto forged = olive.post(org_page(fallback) + "/delete", {});
  EXPECT_EQ(forged.status, 409) << forged.body;
  EXPECT_EQ(admin_->get("/portal-api/organisations/" + std::to_string(fallback)).status, 200);
  const long long acme_default = organisation(acme_)["Teams"][0]["ID"].get<long long>();
  olive.get(org_page(acme_));
  EXPECT_EQ(olive.post(team_page(acme_, acme_default) + "/delete", {}).status, 409);
  EXPECT_EQ(organisation(acme_)["Teams"].size(), 2U);
}

TEST_F(OrganisationPagesTest, AnOwnerManagesTeamsAndTheirMembers) {
  Browser olive = signed_in("olive");
  olive.get(org_page(acme_));
  auto created = olive.post(org_page(acme_) + "/teams", {{"TeamName", "Blue"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const long long blue = location_id(created);
  const std::string blue_page = team_page(acme_, blue);
  EXPECT_EQ(created.header("location"), blue_page);
  auto page = olive.get(blue_page);
  EXPECT_TRUE(mentions(page, "Team “Blue” created."));
  EXPECT_TRUE(mentions(page, "Nobody is in this team yet."));

  EXPECT_EQ(olive.post(blue_page, {{"Name", "Navy"}}).status, 303);
  EXPECT_TRUE(mentions(olive.get(blue_page), "Renamed to “Navy”."));

  auto unknown = olive.post(blue_page + "/members", {{"Email", "nobody@example.com"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(mentions(unknown, "Email: no user of this organisation has it")) << unknown.body;
  auto owner = olive.post(blue_page + "/members", {{"Email", "olive@example.com"}});
  EXPECT_EQ(owner.status, 400) << "an API Owner is in no organisation";
  auto empty = olive.post(blue_page + "/members", {{"Email", ""}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(mentions(empty, "Email: is required"));

  auto added = olive.post(blue_page + "/members", {{"Email", "ALICE@example.com"}});
  ASSERT_EQ(added.status, 303) << added.body;
  page = olive.get(blue_page);
  EXPECT_TRUE(mentions(page, "alice Tester is in the team now."));
  EXPECT_TRUE(mentions(page, "alice@example.com"));
  EXPECT_EQ(team_names(admin_->user(alice_)), (std::vector<std::string>{"Red", "Navy"}));

  const std::string remove = blue_page + "/members/" + std::to_string(alice_) + "/remove";
  EXPECT_TRUE(mentions(page, R"(action=")" + remove + R"(")"));
  EXPECT_EQ(olive.post(remove, {}).status, 303);
  EXPECT_TRUE(mentions(olive.get(blue_page), "alice Tester left the team"));
  EXPECT_EQ(team_names(admin_->user(alice_)), std::vector<std::string>{"Red"});
  // Leaving the last team: into the default team.
  olive.get(team_page(acme_, red_));
  EXPECT_EQ(
      olive.post(team_page(acme_, red_) + "/members/" + std::to_string(alice_) + "/remove", {})
          .status,
      303);
  EXPECT_EQ(team_names(admin_->user(alice_)), std::vector<std::string>{"Acme All users"});

  olive.post(blue_page + "/members", {{"Email", "dave@example.com"}});
  auto confirm = olive.get(blue_page + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the team “Navy”?"));
  EXPECT_TRUE(mentions(confirm, "Its 1 member(s) leave it"));
  auto deleted = olive.post(blue_page + "/delete", {});
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(deleted.header("location"), org_page(acme_));
  EXPECT_TRUE(mentions(olive.get(org_page(acme_)), "Team “Navy” deleted."));
  EXPECT_EQ(olive.get(blue_page).status, 404);
  EXPECT_EQ(team_names(admin_->user(dave_)), std::vector<std::string>{"Red"});
}

TEST_F(OrganisationPagesTest, ConsumersGetTheNotFoundPageAndChangeNothing) {
  const std::size_t before = organisation_count();
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    for (const std::string& path : {std::string("/admin/organisations"), org_page(acme_),
                                    team_page(acme_, red_), org_page(acme_) + "/delete"}) {
      EXPECT_EQ(consumer.get(path).status, 404) << name << " " << path;
    }
    consumer.get("/portal/private/dashboard");
    EXPECT_EQ(consumer.post("/admin/organisations", {{"Name", "Mine"}}).status, 404);
    EXPECT_EQ(consumer.post(org_page(acme_), {{"Name", "Taken over"}}).status, 404);
    EXPECT_EQ(consumer.post(org_page(acme_) + "/delete", {}).status, 404);
    EXPECT_EQ(
        consumer.post(team_page(acme_, red_) + "/members", {{"Email", "x@example.com"}}).status,
        404);
  }
  EXPECT_EQ(organisation_count(), before);
  EXPECT_EQ(organisation(acme_)["Name"], "Acme");
  Browser anonymous(portal_->client());
  EXPECT_EQ(anonymous.get("/admin/organisations").status, 303);
}

TEST_F(OrganisationPagesTest, TheListPagesTwentyAtATime) {
  for (int i = 0; i < 20; ++i)
    post("/portal-api/organisations", {{"Name", "Org " + std::to_string(i)}});
  Browser olive = signed_in("olive");
  auto first = olive.get("/admin/organisations");
  EXPECT_TRUE(mentions(first, "22 organisation(s)"));
  EXPECT_TRUE(mentions(first, R"(<a href="/admin/organisations?page=2" rel="next">)"))
      << first.body;
  auto second = olive.get("/admin/organisations?page=2");
  EXPECT_TRUE(mentions(second, R"(<a href="/admin/organisations?page=1" rel="prev">)"));
  EXPECT_FALSE(mentions(second, R"(rel="next")"));
  EXPECT_EQ(olive.get("/admin/organisations?page=abc").status, 200) << "a bad page is the first";
  EXPECT_TRUE(mentions(olive.get("/admin/organisations?page=9"), "No organisations on this page."));
}

}  // namespace
}  // namespace atrium::testing
