// Organisations, teams and users through the Tyk-compatible admin API, with the audit log.
#include <gtest/gtest.h>

#include "admin_client.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

class DirectoryApiTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
  }

  AdminClient& admin() { return *admin_; }

  long long default_org_id() {
    auto orgs = admin().get("/portal-api/organisations").json();
    for (const auto& o : orgs) {
      if (o["Default"] == true) return o["ID"];
    }
    ADD_FAILURE() << "no default organisation";
    return 0;
  }

  nlohmann::json create_org(const std::string& name) {
    auto r = admin().post("/portal-api/organisations", {{"Name", name}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  nlohmann::json create_team(long long org, const std::string& name) {
    auto r = admin().post("/portal-api/organisations/" + std::to_string(org) + "/teams",
                          {{"Name", name}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  nlohmann::json create_user(nlohmann::json body) {
    if (!body.contains("First")) body["First"] = "Test";
    if (!body.contains("Last")) body["Last"] = "User";
    auto r = admin().post("/portal-api/users", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  long long audit_count() {
    auto r = admin().get("/portal-api/audit-events?per_page=1");
    return std::stoll(r.header("x-total-count").value_or("-1"));
  }

  static std::vector<long long> team_ids(const nlohmann::json& user) {
    std::vector<long long> ids;
    for (const auto& t : user["Teams"]) ids.push_back(t["ID"]);
    return ids;
  }

  std::unique_ptr<AdminClient> admin_;
};

TEST_F(DirectoryApiTest, FreshInstallHasTheDefaultOrganisationAndTeam) {
  auto orgs = admin().get("/portal-api/organisations");
  ASSERT_EQ(orgs.status, 200);
  ASSERT_EQ(orgs.json().size(), 1U);
  EXPECT_EQ(orgs.json()[0]["Name"], "Default Organisation");
  EXPECT_EQ(orgs.header("x-total-count"), "1");
  auto teams =
      admin().get("/portal-api/organisations/" + std::to_string(default_org_id()) + "/teams");
  ASSERT_EQ(teams.json().size(), 1U);
  EXPECT_EQ(teams.json()[0]["Name"], "Default Organisation All users");
  EXPECT_EQ(teams.json()[0]["Default"], true);
}

TEST_F(DirectoryApiTest, CreatingAnOrganisationCreatesItsDefaultTeam) {
  auto org = create_org("Acme");
  EXPECT_EQ(org["Name"], "Acme");
  ASSERT_EQ(org["Teams"].size(), 1U);
  EXPECT_EQ(org["Teams"][0]["Name"], "Acme All users");
  EXPECT_EQ(org["Teams"][0]["Default"], true);
  EXPECT_EQ(org["Users"], nlohmann::json::array());
  EXPECT_TRUE(org["CreatedAt"].get<std::string>().size() == 16) << org["CreatedAt"];
  // Names are unique, case-insensitively.
  auto dup = admin().post("/portal-api/organisations", {{"Name", "ACME"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["code"], "organisation.name_taken");
}

TEST_F(DirectoryApiTest, RenamingAnOrganisationRenamesItsGeneratedDefaultTeam) {
  auto org = create_org("Acme");
  const std::string id = std::to_string(org["ID"].get<long long>());
  auto renamed = admin().put("/portal-api/organisations/" + id, {{"Name", "Acme Corp"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["Name"], "Acme Corp");
  EXPECT_EQ(renamed.json()["Teams"][0]["Name"], "Acme Corp All users");
  // The Default Organisation can be renamed too, but never deleted.
  const std::string def = std::to_string(default_org_id());
  EXPECT_EQ(admin().put("/portal-api/organisations/" + def, {{"Name", "Everyone"}}).status, 200);
  auto del = admin().del("/portal-api/organisations/" + def);
  EXPECT_EQ(del.status, 409);
  EXPECT_EQ(del.json()["code"], "organisation.default_undeletable");
  EXPECT_NE(del.json()["errors"][0].get<std::string>().find("never deleted"), std::string::npos);
}

TEST_F(DirectoryApiTest, DeletingAnOrganisationMovesItsUsersToTheDefaultTeam) {
  auto org = create_org("Acme");
  const long long org_id = org["ID"];
  auto team = create_team(org_id, "Builders");
  auto user = create_user({{"Email", "dev@acme.com"},
                           {"OrganisationID", org_id},
                           {"Teams", {team["ID"], org["Teams"][0]["ID"]}}});
  ASSERT_EQ(user["Teams"].size(), 2U);
  auto del = admin().del("/portal-api/organisations/" + std::to_string(org_id));
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(del.json()["status"], "ok");
  EXPECT_EQ(admin().get("/portal-api/organisations/" + std::to_string(org_id)).status, 404);
  auto moved =
      admin().get("/portal-api/users/" + std::to_string(user["ID"].get<long long>())).json();
  EXPECT_EQ(moved["OrganisationID"], default_org_id());
  ASSERT_EQ(moved["Teams"].size(), 1U);
  EXPECT_EQ(moved["Teams"][0]["Default"], true);
  // Its teams are gone with it.
  EXPECT_EQ(admin()
                .get("/portal-api/organisations/" + std::to_string(org_id) + "/teams/" +
                     std::to_string(team["ID"].get<long long>()))
                .status,
            404);
}

TEST_F(DirectoryApiTest, CreateUserDefaultsAndResponseShape) {
  auto user = create_user({{"Email", "Jane@Example.com"},
                           {"First", "Jane"},
                           {"Last", "Doe"},
                           {"Password", "correct horse battery"}});
  EXPECT_EQ(user["Email"], "Jane@Example.com");
  EXPECT_EQ(user["Role"], "consumer-admin");
  EXPECT_EQ(user["Active"], true);
  EXPECT_EQ(user["OrganisationID"], default_org_id());
  EXPECT_EQ(user["Organisation"], "Default Organisation");
  ASSERT_EQ(user["Teams"].size(), 1U);
  EXPECT_EQ(user["Teams"][0]["Name"], "Default Organisation All users");
  EXPECT_EQ(user["Provider"], "password");
  EXPECT_EQ(user["ResetPassword"], false);
  EXPECT_EQ(user["CID"].get<std::string>().size(), 36U);
  const std::string text = user.dump();
  EXPECT_EQ(text.find("correct horse"), std::string::npos);
  EXPECT_EQ(text.find("argon2"), std::string::npos);
  EXPECT_FALSE(user.contains("Password"));
  // Found by ID and by CID alike.
  auto by_id = admin().get("/portal-api/users/" + std::to_string(user["ID"].get<long long>()));
  auto by_cid = admin().get("/portal-api/users/" + user["CID"].get<std::string>());
  EXPECT_EQ(by_id.status, 200);
  EXPECT_EQ(by_id.json(), by_cid.json());
}

TEST_F(DirectoryApiTest, EmailIsUniqueCaseInsensitively) {
  create_user({{"Email", "jane@example.com"}});
  auto dup = admin().post("/portal-api/users",
                          {{"Email", " JANE@example.COM "}, {"First", "J"}, {"Last", "D"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["code"], "user.email_taken");
  EXPECT_EQ(dup.json()["fields"][0]["field"], "Email");
}

TEST_F(DirectoryApiTest, TeamsMustBelongToTheUsersOrganisation) {
  auto acme = create_org("Acme");
  auto globex = create_org("Globex");
  auto r = admin().post("/portal-api/users", {{"Email", "x@acme.com"},
                                              {"First", "X"},
                                              {"Last", "Y"},
                                              {"OrganisationID", acme["ID"]},
                                              {"Teams", {globex["Teams"][0]["ID"]}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["fields"][0]["field"], "Teams");
  EXPECT_NE(r.body.find("is not in organisation"), std::string::npos);
  auto no_org = admin().post(
      "/portal-api/users",
      {{"Email", "x@acme.com"}, {"First", "X"}, {"Last", "Y"}, {"OrganisationID", 99999}});
  EXPECT_EQ(no_org.status, 400);
  EXPECT_EQ(no_org.json()["fields"][0]["field"], "OrganisationID");
  EXPECT_EQ(admin().get("/portal-api/users?email=x@acme.com").json().size(), 0U);
}

TEST_F(DirectoryApiTest, RolesAreValidatedAndOwnersHaveNoOrganisation) {
  auto bad = admin().post("/portal-api/users",
                          {{"Email", "a@b.com"}, {"First", "A"}, {"Last", "B"}, {"Role", "admin"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["fields"][0]["field"], "Role");
  auto owner = create_user({{"Email", "owner2@example.com"}, {"Role", "provider-admin"}});
  EXPECT_EQ(owner["OrganisationID"], 0);
  EXPECT_EQ(owner["Teams"], nlohmann::json::array());
  auto member = create_user({{"Email", "m@example.com"}, {"Role", "consumer-team-member"}});
  EXPECT_EQ(member["Role"], "consumer-team-member");
}

TEST_F(DirectoryApiTest, ProviderAdminCannotTouchSuperAdmins) {
  auto provider = create_user({{"Email", "prov@example.com"}, {"Role", "provider-admin"}});
  Actor actor{provider["ID"], "prov@example.com", Role::kProviderAdmin, std::nullopt, "test"};
  auto issued = portal_->app().api_tokens().issue(actor, "test");
  ASSERT_TRUE(issued.has_value());
  AdminClient prov(portal_->client(), issued->secret);
  auto super_admins = prov.get("/portal-api/users?role=super-admin").json();
  ASSERT_EQ(super_admins.size(), 1U);
  const std::string super_id = std::to_string(super_admins[0]["ID"].get<long long>());
  auto edit = prov.put("/portal-api/users/" + super_id, {{"First", "Hacked"}});
  EXPECT_EQ(edit.status, 403) << edit.body;
  EXPECT_EQ(prov.del("/portal-api/users/" + super_id).status, 403);
  auto grant = prov.post(
      "/portal-api/users",
      {{"Email", "s2@example.com"}, {"First", "S"}, {"Last", "A"}, {"Role", "super-admin"}});
  EXPECT_EQ(grant.status, 403);
  // But everything else is theirs.
  auto consumer =
      prov.post("/portal-api/users", {{"Email", "c@example.com"}, {"First", "C"}, {"Last", "D"}});
  EXPECT_EQ(consumer.status, 200);
}

TEST_F(DirectoryApiTest, TheLastSuperAdminCannotBeDeletedDemotedOrDeactivated) {
  auto supers = admin().get("/portal-api/users?role=super-admin").json();
  const std::string id = std::to_string(supers[0]["ID"].get<long long>());
  EXPECT_EQ(admin().del("/portal-api/users/" + id).json()["code"], "user.last_super_admin");
  EXPECT_EQ(admin().put("/portal-api/users/" + id, {{"Role", "provider-admin"}}).status, 409);
  EXPECT_EQ(admin().put("/portal-api/users/" + id, {{"Active", false}}).status, 409);
  // With a second super-admin, the first may go.
  create_user({{"Email", "second@example.com"}, {"Role", "super-admin"}});
  EXPECT_EQ(admin().put("/portal-api/users/" + id, {{"Role", "provider-admin"}}).status, 200);
}

TEST_F(DirectoryApiTest, UpdateChangesOnlyWhatIsNamed) {
  auto org = create_org("Acme");
  auto team = create_team(org["ID"], "Builders");
  auto user = create_user({{"Email", "dev@acme.com"},
                           {"OrganisationID", org["ID"]},
                           {"Password", "first velvet compass!"}});
  const std::string id = std::to_string(user["ID"].get<long long>());
  const auto hash_before = portal_->app().database().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(user["ID"]); });
  auto r =
      admin().put("/portal-api/users/" + id,
                  {{"First", "Dev"}, {"Teams", {std::to_string(team["ID"].get<long long>())}}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto updated = r.json();
  EXPECT_EQ(updated["First"], "Dev");
  EXPECT_EQ(updated["Last"], "User");
  EXPECT_EQ(updated["Email"], "dev@acme.com");
  EXPECT_EQ(team_ids(updated), (std::vector<long long>{team["ID"]}));
  const auto hash_after = portal_->app().database().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(user["ID"]); });
  ASSERT_TRUE(hash_before.has_value() && hash_after.has_value());
  EXPECT_EQ(*hash_before, *hash_after);  // PUT without Password never touches it
  EXPECT_TRUE(hash_before->has_value());
  // With Password it changes (and is never echoed).
  auto pw = admin().put("/portal-api/users/" + id, {{"Password", "second velvet compass!"}});
  EXPECT_EQ(pw.status, 200);
  EXPECT_EQ(pw.body.find("second velvet compass"), std::string::npos);
  const auto hash_changed = portal_->app().database().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(user["ID"]); });
  EXPECT_NE(*hash_changed, *hash_before);
  // A GET response echoed back is accepted.
  auto echoed = admin().get("/portal-api/users/" + id).json();
  echoed["Last"] = "Echo";
  auto e = admin().put("/portal-api/users/" + id, echoed);
  EXPECT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json()["Last"], "Echo");
}

TEST_F(DirectoryApiTest, MovingAUserToAnotherOrganisationResetsTheirTeams) {
  auto acme = create_org("Acme");
  auto user = create_user({{"Email", "mover@example.com"}});
  auto r = admin().put("/portal-api/users/" + std::to_string(user["ID"].get<long long>()),
                       {{"OrganisationID", acme["ID"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["OrganisationID"], acme["ID"]);
  EXPECT_EQ(team_ids(r.json()), (std::vector<long long>{acme["Teams"][0]["ID"]}));
}

TEST_F(DirectoryApiTest, DeleteUserRemovesThemAndTheirMemberships) {
  auto org = create_org("Acme");
  auto user = create_user({{"Email", "gone@acme.com"}, {"OrganisationID", org["ID"]}});
  const std::string id = std::to_string(user["ID"].get<long long>());
  auto del = admin().del("/portal-api/users/" + id + "?force=true");
  EXPECT_EQ(del.status, 200);
  EXPECT_EQ(admin().get("/portal-api/users/" + id).status, 404);
  auto team =
      admin().get("/portal-api/organisations/" + std::to_string(org["ID"].get<long long>()) +
                  "/teams/" + std::to_string(org["Teams"][0]["ID"].get<long long>()));
  EXPECT_EQ(team.json()["Users"], nlohmann::json::array());
  EXPECT_EQ(admin().del("/portal-api/users/" + id).status, 404);
}

TEST_F(DirectoryApiTest, ListFiltersAndPagination) {
  auto acme = create_org("Acme");
  auto team = create_team(acme["ID"], "Red");
  for (int i = 0; i < 25; ++i) {
    nlohmann::json body = {{"Email", "user" + std::to_string(i) + "@acme.com"},
                           {"First", i % 2 == 0 ? "Alice" : "Bob"},
                           {"OrganisationID", acme["ID"]},
                           {"Active", i % 5 != 0}};
    if (i < 3) body["Teams"] = {team["ID"]};
    if (i == 7) body["Role"] = "consumer-team-member";
    create_user(body);
  }
  auto page1 = admin().get("/portal-api/users?organisation_id=" +
                           std::to_string(acme["ID"].get<long long>()));
  EXPECT_EQ(page1.json().size(), 20U);  // Tyk's default per_page
  EXPECT_EQ(page1.header("x-total-count"), "25");
  auto page2 = admin().get("/portal-api/users?organisation_id=" +
                           std::to_string(acme["ID"].get<long long>()) + "&page=2");
  EXPECT_EQ(page2.json().size(), 5U);
  EXPECT_NE(page1.json()[0]["ID"], page2.json()[0]["ID"]);
  EXPECT_EQ(admin().get("/portal-api/users?per_page=7&page=1").json().size(), 7U);
  EXPECT_EQ(admin().get("/portal-api/users?limit=3").json().size(), 3U);
  EXPECT_EQ(admin().get("/portal-api/users?email=USER3@ACME.COM").json().size(), 1U);
  EXPECT_EQ(admin().get("/portal-api/users?search=bo").header("x-total-count"), "12");
  EXPECT_EQ(admin().get("/portal-api/users?search=user1").header("x-total-count"), "11");
  EXPECT_EQ(admin()
                .get("/portal-api/users?team_id=" + std::to_string(team["ID"].get<long long>()))
                .json()
                .size(),
            3U);
  EXPECT_EQ(admin().get("/portal-api/users?active=false").header("x-total-count"), "5");
  EXPECT_EQ(admin().get("/portal-api/users?role=consumer-team-member").json().size(), 1U);
  EXPECT_EQ(admin()
                .get("/portal-api/users?search=alice&active=true&organisation_id=" +
                     std::to_string(acme["ID"].get<long long>()))
                .header("x-total-count"),
            "10");
}

TEST_F(DirectoryApiTest, BadQueryParametersAre400NamingTheParameter) {
  for (const std::string q : {"page=abc", "page=0", "per_page=-1", "per_page=1000", "active=maybe",
                              "organisation_id=x", "role=root", "team_id=1.5"}) {
    auto r = admin().get("/portal-api/users?" + q);
    EXPECT_EQ(r.status, 400) << q;
    const std::string param = q.substr(0, q.find('='));
    EXPECT_NE(r.body.find(param), std::string::npos) << q << " " << r.body;
  }
}

// Keyset paging (our extension of Tyk's page/per_page): after_id, and the Link header to the next
// page that every user list carries while its pages are full.
// The list is answered from the response cache while the directory is unchanged: every change
// shows in the next answer, and the token is checked on every request.
TEST_F(DirectoryApiTest, CachedListsShowEveryChangeAtOnce) {
  const auto org = create_org("Acme");
  const long long org_id = org["ID"];
  const auto user = create_user({{"Email", "ada@example.com"}, {"OrganisationID", org_id}});
  const std::string id = std::to_string(user["ID"].get<long long>());
  const std::string list = "/portal-api/users?organisation_id=" + std::to_string(org_id);
  const auto first = admin().get(list);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()[0]["First"], "Test");
  EXPECT_EQ(admin().get(list).body, first.body);

  ASSERT_EQ(admin().put("/portal-api/users/" + id, {{"First", "Augusta"}}).status, 200);
  EXPECT_EQ(admin().get(list).json()[0]["First"], "Augusta");
  create_user({{"Email", "grace@example.com"}, {"OrganisationID", org_id}});
  EXPECT_EQ(admin().get(list).header("x-total-count"), "2");
  ASSERT_EQ(admin().del("/portal-api/users/" + id).status, 200);
  const auto after = admin().get(list);
  EXPECT_EQ(after.header("x-total-count"), "1");
  EXPECT_EQ(after.json()[0]["Email"], "grace@example.com");

  auto metrics = portal_->client().get("/metrics").body;
  EXPECT_NE(metrics.find("atrium_response_cache_hits 1\n"), std::string::npos) << metrics;

  // With nothing written since, the token and the answer are both in memory: the I/O thread
  // answers (a background write, say the outbox's, sends one request to a worker again).
  for (int i = 0; i < 10; ++i) EXPECT_EQ(admin().get(list).body, after.body);
  metrics = portal_->client().get("/metrics").body;
  EXPECT_EQ(metrics.find("atrium_http_inline_answers 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("atrium_http_inline_answers "), std::string::npos) << metrics;

  // A bad token is refused even for an answer the cache holds.
  EXPECT_EQ(portal_->client().get(list, {{"Authorization", "not-a-token"}}).status, 401);
}

class UserKeysetPagingTest : public DirectoryApiTest {
 protected:
  // The target of a `<...>; rel="next"` Link header, or "" when there is none.
  static std::string next_link(const HttpResult& r) {
    const auto link = r.header("link");
    if (!link) return {};
    EXPECT_TRUE(link->starts_with("</portal-api/users?")) << *link;
    EXPECT_TRUE(link->ends_with(">; rel=\"next\"")) << *link;
    const auto end = link->find('>');
    return end == std::string::npos ? std::string() : link->substr(1, end - 1);
  }

  static std::vector<long long> ids(const HttpResult& r) {
    std::vector<long long> out;
    for (const auto& u : r.json()) out.push_back(u["ID"]);
    return out;
  }

  // Every page from `first` on by following the Link headers; checks the total on each.
  std::vector<std::vector<long long>> follow(const std::string& first, const std::string& total) {
    std::vector<std::vector<long long>> pages;
    std::string path = first;
    while (!path.empty() && pages.size() < 100) {
      auto r = admin().get(path);
      EXPECT_EQ(r.status, 200) << path << " " << r.body;
      if (r.status != 200) break;
      EXPECT_EQ(r.header("x-total-count"), total) << path;
      pages.push_back(ids(r));
      path = next_link(r);
    }
    return pages;
  }

  // Every page by page=N (until an empty one).
  std::vector<std::vector<long long>> by_offset(const std::string& query) {
    std::vector<std::vector<long long>> pages;
    for (int page = 1; page < 100; ++page) {
      auto r = admin().get("/portal-api/users?" + query + "&page=" + std::to_string(page));
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200 || r.json().empty()) break;
      pages.push_back(ids(r));
    }
    return pages;
  }

  void SetUp() override {
    DirectoryApiTest::SetUp();
    if (IsSkipped()) return;
    acme_ = create_org("Acme")["ID"];
    red_ = create_team(acme_, "Red")["ID"];
    for (int i = 0; i < 25; ++i) {
      nlohmann::json body = {{"Email", "user" + std::to_string(i) + "@acme.com"},
                             {"First", i % 3 == 0 ? "Mary Ann" : "Bob"},
                             {"OrganisationID", acme_},
                             {"Active", i % 5 != 0}};
      if (i % 2 == 0) body["Teams"] = {red_};
      create_user(body);
    }
  }

  long long acme_ = 0;
  long long red_ = 0;
};

TEST_F(UserKeysetPagingTest, FollowingNextWalksThePagesOfPageN) {
  // 26 users with the bootstrap owner.
  auto first = admin().get("/portal-api/users?per_page=10");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("x-total-count"), "26");
  const auto first_ids = ids(first);
  ASSERT_EQ(first_ids.size(), 10U);
  EXPECT_EQ(next_link(first),
            "/portal-api/users?after_id=" + std::to_string(first_ids.back()) + "&per_page=10");

  const auto followed = follow("/portal-api/users?per_page=10", "26");
  EXPECT_EQ(followed, by_offset("per_page=10"));
  ASSERT_EQ(followed.size(), 3U);
  EXPECT_EQ(followed[2].size(), 6U);  // the last page, without a Link

  // after_id itself: the users with greater ids, ascending; a page=N answer links by keyset too.
  auto after =
      admin().get("/portal-api/users?after_id=" + std::to_string(first_ids[3]) + "&per_page=4");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(ids(after), (std::vector<long long>(first_ids.begin() + 4, first_ids.begin() + 8)));
  EXPECT_EQ(after.header("x-total-count"), "26");
  auto second = admin().get("/portal-api/users?page=2&per_page=10");
  EXPECT_EQ(next_link(second),
            "/portal-api/users?after_id=" + std::to_string(followed[1].back()) + "&per_page=10");
  // Tyk's limit= sets the page size the link carries.
  EXPECT_NE(next_link(admin().get("/portal-api/users?limit=5")).find("&per_page=5"),
            std::string::npos);
  auto after_0 = admin().get("/portal-api/users?after_id=0&per_page=100");
  EXPECT_EQ(ids(after_0), ids(admin().get("/portal-api/users?per_page=100")));
  EXPECT_FALSE(after_0.header("link"));  // 26 < 100: the only page is the last
  auto past = admin().get("/portal-api/users?after_id=999999999");
  EXPECT_EQ(past.status, 200);
  EXPECT_EQ(past.json(), nlohmann::json::array());
  EXPECT_EQ(past.header("x-total-count"), "26");
  EXPECT_FALSE(past.header("link"));

  // A full last page has no Link either, by page number or by after_id: 26 users = 2 × 13.
  auto full_last = admin().get("/portal-api/users?page=2&per_page=13");
  ASSERT_EQ(ids(full_last).size(), 13U);
  EXPECT_FALSE(full_last.header("link"));
  const auto by_13 = follow("/portal-api/users?per_page=13", "26");
  ASSERT_EQ(by_13.size(), 2U);  // no empty third page
  EXPECT_EQ(by_13[1].size(), 13U);
  auto full_first = admin().get("/portal-api/users?page=1&per_page=13");
  EXPECT_EQ(next_link(full_first),
            "/portal-api/users?after_id=" + std::to_string(by_13[0].back()) + "&per_page=13");
}

TEST_F(UserKeysetPagingTest, TheNextLinkKeepsTheFilters) {
  const std::string org = std::to_string(acme_);
  const std::string team = std::to_string(red_);
  // Mary Ann: i = 0, 3, ..., 24 (9 users); active unless i % 5 == 0 (0, 15): 7.
  const std::string query = "search=mary%20a&active=true&organisation_id=" + org + "&per_page=2";
  auto first = admin().get("/portal-api/users?" + query);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("x-total-count"), "7");
  const auto first_ids = ids(first);
  ASSERT_EQ(first_ids.size(), 2U);
  EXPECT_EQ(next_link(first), "/portal-api/users?after_id=" + std::to_string(first_ids.back()) +
                                  "&per_page=2&search=mary%20a&organisation_id=" + org +
                                  "&active=true");
  const auto followed = follow("/portal-api/users?" + query, "7");
  EXPECT_EQ(followed, by_offset(query));
  EXPECT_EQ(followed.size(), 4U);

  // Team and role; an email matches one user: its full page of one is the last, without a Link.
  const std::string by_team = "team_id=" + team + "&role=consumer-admin&per_page=4";
  EXPECT_EQ(follow("/portal-api/users?" + by_team, "13"), by_offset(by_team));
  auto one = admin().get("/portal-api/users?email=USER3%40acme.com&per_page=1");
  ASSERT_EQ(ids(one).size(), 1U);
  EXPECT_EQ(one.header("x-total-count"), "1");
  EXPECT_FALSE(one.header("link"));
  auto after_one = admin().get("/portal-api/users?after_id=" + std::to_string(ids(one)[0]) +
                               "&per_page=1&email=USER3%40acme.com");
  EXPECT_EQ(after_one.json(), nlohmann::json::array());
  EXPECT_EQ(after_one.header("x-total-count"), "1");
  EXPECT_FALSE(after_one.header("link"));
}

TEST_F(UserKeysetPagingTest, BadAfterIdIs400NamingItAndChangesNothing) {
  const long long audit_before = audit_count();
  const auto users_before = admin().get("/portal-api/users?per_page=100").body;
  for (const std::string q :
       {"after_id=3&page=1", "page=2&after_id=0", "after_id=abc", "after_id=-1", "after_id=1.5",
        "after_id=", "after_id=%2B3", "after_id=99999999999999999999"}) {
    auto r = admin().get("/portal-api/users?" + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_FALSE(r.header("link")) << q;
    const auto fields = r.json()["fields"];
    ASSERT_EQ(fields.size(), 1U) << q << " " << r.body;
    EXPECT_EQ(fields[0]["field"], "after_id") << q;
    const bool conflict = q.find("page=") != std::string::npos;
    EXPECT_EQ(fields[0]["message"].get<std::string>().find("page") != std::string::npos, conflict)
        << q << " " << r.body;
  }
  // With another bad parameter, both are named.
  auto both = admin().get("/portal-api/users?after_id=x&active=maybe");
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.json()["fields"].size(), 2U) << both.body;
  EXPECT_EQ(audit_count(), audit_before);
  EXPECT_EQ(admin().get("/portal-api/users?per_page=100").body, users_before);
}

TEST_F(DirectoryApiTest, BadInputChangesNothing) {
  auto org = create_org("Acme");
  auto user = create_user({{"Email", "keep@acme.com"}, {"OrganisationID", org["ID"]}});
  const std::string uid = std::to_string(user["ID"].get<long long>());
  const long long audit_before = audit_count();
  const auto users_before = admin().get("/portal-api/users?per_page=100").body;
  struct Case {
    std::string method, path, body, field;
  };
  const std::string long_name(10000, 'n');
  const std::vector<Case> cases = {
      {"POST", "/portal-api/users", "{", ""},
      {"POST", "/portal-api/users", R"({"Email": 5, "First": "A", "Last": "B"})", "Email"},
      {"POST", "/portal-api/users", R"({"Email": "a@b.com", "First": "", "Last": "B"})", "First"},
      {"POST", "/portal-api/users",
       R"({"Email": "a@b.com", "First": ")" + long_name + R"(", "Last": "B"})", "First"},
      {"POST", "/portal-api/users", R"({"Email": "not-an-email", "First": "A", "Last": "B"})",
       "Email"},
      {"POST", "/portal-api/users",
       R"({"Email": "a@b.com", "First": "A", "Last": "B", "Admin": true})", "Admin"},
      {"POST", "/portal-api/users",
       R"({"Email": "a@b.com", "First": "A", "Last": "B", "Active": "yes"})", "Active"},
      {"POST", "/portal-api/users",
       R"({"Email": "a@b.com", "First": "A", "Last": "B", "Password": "short"})", "Password"},
      {"POST", "/portal-api/users",
       R"({"Email": "a@b.com", "First": "A", "Last": "B", "Teams": "all"})", "Teams"},
      {"POST", "/portal-api/users", R"({"Email": "a'; DROP TABLE users;--@b.com", "First": "A",
        "Last": "B"})",
       "Email"},
      {"PUT", "/portal-api/users/" + uid, R"({"Email": "<script>@x.com"})", "Email"},
      {"PUT", "/portal-api/users/" + uid, R"({"OrganisationID": "one"})", "OrganisationID"},
      {"PUT", "/portal-api/users/" + uid, R"({"Last": ")" + long_name + R"("})", "Last"},
      {"PUT", "/portal-api/users/999999", R"({"Last": "X"})", ""},
      {"POST", "/portal-api/organisations", R"({"Name": ""})", "Name"},
      {"POST", "/portal-api/organisations", R"({"Name": ")" + long_name + R"("})", "Name"},
      {"POST", "/portal-api/organisations", R"({"Name": 3})", "Name"},
      {"POST", "/portal-api/organisations", R"({"Nme": "Typo"})", "Nme"},
      {"PUT", "/portal-api/organisations/999999", R"({"Name": "X"})", ""},
      {"POST", "/portal-api/organisations/999999/teams", R"({"Name": "X"})", ""},
      {"PUT",
       "/portal-api/organisations/" + std::to_string(org["ID"].get<long long>()) + "/teams/" +
           std::to_string(org["Teams"][0]["ID"].get<long long>()),
       R"({"Users": [999999]})", "Users"},
  };
  for (const auto& c : cases) {
    auto r =
        c.method == "POST" ? admin().post_raw(c.path, c.body) : admin().put_raw(c.path, c.body);
    EXPECT_GE(r.status, 400) << c.method << " " << c.path << " " << c.body.substr(0, 80);
    EXPECT_LT(r.status, 500) << c.body.substr(0, 80);
    if (!c.field.empty()) {
      EXPECT_NE(r.json()["errors"].dump().find(c.field), std::string::npos)
          << r.body.substr(0, 300);
    }
  }
  EXPECT_EQ(audit_count(), audit_before);
  EXPECT_EQ(admin().get("/portal-api/users?per_page=100").body, users_before);
  EXPECT_EQ(admin().get("/portal-api/organisations").json().size(), 2U);
}

TEST_F(DirectoryApiTest, TeamMembershipThroughPut) {
  auto org = create_org("Acme");
  const std::string org_path =
      "/portal-api/organisations/" + std::to_string(org["ID"].get<long long>());
  auto red = create_team(org["ID"], "Red");
  auto a =
      create_user({{"Email", "a@acme.com"}, {"OrganisationID", org["ID"]}, {"Teams", {red["ID"]}}});
  auto b = create_user({{"Email", "b@acme.com"}, {"OrganisationID", org["ID"]}});
  const std::string red_path = org_path + "/teams/" + std::to_string(red["ID"].get<long long>());
  // Set the membership to exactly b: a, left with no team, joins the default team.
  auto r = admin().put(red_path, {{"Users", {b["ID"]}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["Users"],
            nlohmann::json::array({"User#" + std::to_string(b["ID"].get<long long>())}));
  auto a_now = admin().get("/portal-api/users/" + std::to_string(a["ID"].get<long long>())).json();
  EXPECT_EQ(team_ids(a_now), (std::vector<long long>{org["Teams"][0]["ID"]}));
  // Users of another organisation cannot join.
  auto outsider = create_user({{"Email", "o@else.com"}});
  auto bad = admin().put(red_path, {{"Users", {outsider["ID"]}}});
  EXPECT_EQ(bad.status, 400);
  // Nobody can be left without a team by emptying the default team.
  auto def_path = org_path + "/teams/" + std::to_string(org["Teams"][0]["ID"].get<long long>());
  auto empty = admin().put(def_path, {{"Users", nlohmann::json::array()}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("no team left"), std::string::npos);
  // Renaming works, and a team of another organisation is not found under this one.
  EXPECT_EQ(admin().put(red_path, {{"Name", "Crimson"}}).json()["Name"], "Crimson");
  auto other = create_org("Globex");
  EXPECT_EQ(admin()
                .get("/portal-api/organisations/" + std::to_string(other["ID"].get<long long>()) +
                     "/teams/" + std::to_string(red["ID"].get<long long>()))
                .status,
            404);
}

TEST_F(DirectoryApiTest, DeletingATeamMovesTeamlessMembersToTheDefaultTeam) {
  auto org = create_org("Acme");
  const std::string org_path =
      "/portal-api/organisations/" + std::to_string(org["ID"].get<long long>());
  auto red = create_team(org["ID"], "Red");
  auto blue = create_team(org["ID"], "Blue");
  auto only_red =
      create_user({{"Email", "r@acme.com"}, {"OrganisationID", org["ID"]}, {"Teams", {red["ID"]}}});
  auto both = create_user({{"Email", "rb@acme.com"},
                           {"OrganisationID", org["ID"]},
                           {"Teams", {red["ID"], blue["ID"]}}});
  auto del = admin().del(org_path + "/teams/" + std::to_string(red["ID"].get<long long>()));
  ASSERT_EQ(del.status, 200) << del.body;
  auto r =
      admin().get("/portal-api/users/" + std::to_string(only_red["ID"].get<long long>())).json();
  EXPECT_EQ(team_ids(r), (std::vector<long long>{org["Teams"][0]["ID"]}));
  auto b = admin().get("/portal-api/users/" + std::to_string(both["ID"].get<long long>())).json();
  EXPECT_EQ(team_ids(b), (std::vector<long long>{blue["ID"]}));
  auto def =
      admin().del(org_path + "/teams/" + std::to_string(org["Teams"][0]["ID"].get<long long>()));
  EXPECT_EQ(def.status, 409);
  EXPECT_EQ(def.json()["code"], "team.default_undeletable");
}

TEST_F(DirectoryApiTest, EveryChangeIsAudited) {
  const long long before = audit_count();
  auto org = create_org("Acme");
  auto user = create_user({{"Email", "audited@acme.com"},
                           {"OrganisationID", org["ID"]},
                           {"Password", "a secret orchard ladder"}});
  admin().put("/portal-api/users/" + std::to_string(user["ID"].get<long long>()),
              {{"Last", "Changed"}});
  admin().del("/portal-api/users/" + std::to_string(user["ID"].get<long long>()));
  EXPECT_EQ(audit_count(), before + 4);
  auto events = admin().get("/portal-api/audit-events?target_type=user").json();
  ASSERT_GE(events.size(), 3U);
  EXPECT_EQ(events[0]["Action"], "user.delete");  // newest first
  EXPECT_EQ(events[1]["Action"], "user.update");
  EXPECT_EQ(events[1]["Changes"]["Last"], "Changed");
  EXPECT_EQ(events[2]["Action"], "user.create");
  EXPECT_EQ(events[2]["Changes"]["Password"], "set");
  EXPECT_EQ(events[2]["ActorEmail"], "owner@example.com");
  EXPECT_EQ(events[2]["SourceAddress"], "127.0.0.1");
  EXPECT_EQ(events[2]["OrganisationID"], org["ID"]);
  const std::string all = admin().get("/portal-api/audit-events?per_page=100").body;
  EXPECT_EQ(all.find("a secret orchard ladder"), std::string::npos);
  EXPECT_EQ(all.find("argon2"), std::string::npos);
  auto by_action = admin().get("/portal-api/audit-events?action=organisation.create").json();
  ASSERT_EQ(by_action.size(), 1U);
  EXPECT_EQ(by_action[0]["TargetID"], std::to_string(org["ID"].get<long long>()));
  EXPECT_EQ(admin()
                .get("/portal-api/audit-events?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")
                .json()
                .size(),
            0U);
  EXPECT_EQ(admin().get("/portal-api/audit-events?from=yesterday").status, 400);
}

}  // namespace
}  // namespace atrium::testing
