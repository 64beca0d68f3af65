// What Tyk's own Go client (portal-go) sends and expects (issue 16, item 8): users without a last
// name, teams created with their members, and Team.Users as Tyk's "User#<id>" strings.
#include <gtest/gtest.h>

#include <string>

#include "admin_client.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

std::string id_of(const nlohmann::json& record) {
  return std::to_string(record["ID"].get<long long>());
}

std::string member(const nlohmann::json& user) { return "User#" + id_of(user); }

class TykClientCompatTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    admin_ = std::make_unique<AdminClient>(client(), portal_->bootstrap_token());
    acme_ = post("/portal-api/organisations", {{"Name", "Acme"}});
    teams_path_ = "/portal-api/organisations/" + id_of(acme_) + "/teams";
  }

  AdminClient& admin() { return *admin_; }

  nlohmann::json post(const std::string& path, const nlohmann::json& body) {
    auto r = admin().post(path, body);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }

  nlohmann::json get(const std::string& path) {
    auto r = admin().get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }

  nlohmann::json consumer(const std::string& email, const nlohmann::json& org) {
    return post("/portal-api/users", {{"Email", email},
                                      {"First", "Con"},
                                      {"Last", "Sumer"},
                                      {"Role", "consumer-team-member"},
                                      {"OrganisationID", org["ID"]}});
  }

  std::unique_ptr<AdminClient> admin_;
  nlohmann::json acme_;
  std::string teams_path_;
};

TEST_F(TykClientCompatTest, AUserMayHaveNoLastName) {
  const auto missing =
      post("/portal-api/users", {{"Email", "cher@example.com"}, {"First", "Cher"}});
  EXPECT_EQ(missing["Last"], "");
  const auto empty =
      post("/portal-api/users", {{"Email", "madonna@example.com"}, {"First", "M"}, {"Last", ""}});
  EXPECT_EQ(empty["Last"], "");
  EXPECT_EQ(get("/portal-api/users/" + id_of(missing))["Last"], "");

  // An update may clear it, and leaves it alone when it is not named.
  const auto named =
      post("/portal-api/users",
           {{"Email", "prince@example.com"}, {"First", "Prince"}, {"Last", "Nelson"}});
  auto cleared = admin().put("/portal-api/users/" + id_of(named), {{"Last", "  "}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(cleared.json()["Last"], "");
  auto renamed = admin().put("/portal-api/users/" + id_of(named), {{"First", "Prince R"}});
  EXPECT_EQ(renamed.json()["Last"], "");

  // Still checked when given; First stays required.
  auto control = admin().post("/portal-api/users",
                              {{"Email", "x@example.com"}, {"First", "X"}, {"Last", "a\x01"}});
  EXPECT_EQ(control.status, 400);
  EXPECT_EQ(control.json()["fields"][0]["field"], "Last");
  auto no_first = admin().post("/portal-api/users", {{"Email", "y@example.com"}});
  EXPECT_EQ(no_first.status, 400);
  EXPECT_EQ(no_first.json()["fields"][0]["field"], "First");
  EXPECT_TRUE(get("/portal-api/users?email=x@example.com").empty());
}

TEST_F(TykClientCompatTest, CreatingATeamAppliesItsUsers) {
  const auto ann = consumer("ann@acme.example", acme_);
  const auto bob = consumer("bob@acme.example", acme_);
  // As Tyk's Team-update writes them (numbers) and as Team-show does ("User#<id>").
  const auto team = post(teams_path_, {{"Name", "Builders"}, {"Users", {ann["ID"], member(bob)}}});
  EXPECT_EQ(team["Users"], nlohmann::json::array({member(ann), member(bob)}));
  EXPECT_EQ(get(teams_path_ + "/" + id_of(team))["Users"], team["Users"]);
  for (const auto& user : {ann, bob}) {
    const auto record = get("/portal-api/users/" + id_of(user));
    bool in_team = false;
    for (const auto& t : record["Teams"]) in_team = in_team || t["ID"] == team["ID"];
    EXPECT_TRUE(in_team) << record.dump();
  }
  const auto audit = get("/portal-api/audit-events?action=team.create&per_page=1");
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0]["Changes"]["Users"], nlohmann::json::array({ann["ID"], bob["ID"]}));
}

TEST_F(TykClientCompatTest, TeamUsersThatCannotJoinAre400NamingUsersAndNoTeamIsMade) {
  const auto globex = post("/portal-api/organisations", {{"Name", "Globex"}});
  const auto outsider = consumer("out@globex.example", globex);
  const auto ann = consumer("ann@acme.example", acme_);
  const auto owner = get("/portal-api/users?role=super-admin")[0];
  const auto teams_before = get(teams_path_);
  for (const nlohmann::json& users :
       {nlohmann::json::array({ann["ID"], outsider["ID"]}), nlohmann::json::array({owner["ID"]}),
        nlohmann::json::array({999999}), nlohmann::json::array({"User#"}),
        nlohmann::json::array({"Team#1"}), nlohmann::json::array({0}), nlohmann::json("User#1"),
        nlohmann::json::array({nlohmann::json::array()})}) {
    auto r = admin().post(teams_path_, {{"Name", "Mixed"}, {"Users", users}});
    EXPECT_EQ(r.status, 400) << users.dump() << ": " << r.body;
    ASSERT_FALSE(r.json()["fields"].empty()) << r.body;
    EXPECT_EQ(r.json()["fields"][0]["field"], "Users") << users.dump();
  }
  EXPECT_EQ(get(teams_path_), teams_before);
  EXPECT_EQ(get("/portal-api/users/" + id_of(ann))["Teams"].size(), 1U);
}

TEST_F(TykClientCompatTest, ATeamRecordPutBackKeepsItsMembers) {
  const auto ann = consumer("ann@acme.example", acme_);
  const auto bob = consumer("bob@acme.example", acme_);
  const auto team = post(teams_path_, {{"Name", "Builders"}, {"Users", {ann["ID"]}}});
  const std::string path = teams_path_ + "/" + id_of(team);
  auto record = get(path);
  auto same = admin().put(path, record);
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json()["Users"], nlohmann::json::array({member(ann)}));
  record["Users"].push_back(member(bob));
  auto added = admin().put(path, record);
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.json()["Users"], nlohmann::json::array({member(ann), member(bob)}));
}

}  // namespace
}  // namespace atrium::testing
