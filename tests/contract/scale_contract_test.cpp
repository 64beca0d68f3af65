// What the scale work rests on, on both databases: user totals kept in user_counts agree with the
// users through every kind of change; statements reused from the connection's cache (SQLite)
// never read an old snapshot; the bulk seeder writes a directory the repositories read like
// their own.
#include <algorithm>
#include <set>

#include "contract_fixture.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "store/bulk_seed.hpp"

namespace atrium::contract {
namespace {

class ScaleContract : public ContractTest {
 protected:
  long long total(std::optional<Role> role, std::optional<bool> active) {
    UserFilter filter;
    filter.role = role;
    filter.active = active;
    auto listed = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::UserRepository>().list(filter, PageRequest{1, 1});
    });
    EXPECT_TRUE(listed) << why(listed);
    return listed ? listed->total : -1;
  }

  // Every role and status combination, and the unfiltered total, against the rows themselves.
  void expect_totals_match_rows() {
    UserFilter everyone;
    auto all = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::UserRepository>().list(everyone, PageRequest{1, 1000});
    });
    ASSERT_TRUE(all) << why(all);
    EXPECT_EQ(all->total, static_cast<long long>(all->items.size()));
    for (Role role : {Role::kSuperAdmin, Role::kProviderAdmin, Role::kConsumerAdmin,
                      Role::kConsumerTeamMember}) {
      long long with_role = 0;
      for (bool active : {true, false}) {
        long long rows = 0;
        for (const User& u : all->items) rows += u.role == role && u.active == active ? 1 : 0;
        EXPECT_EQ(total(role, active), rows) << to_string(role) << " active=" << active;
        with_role += rows;
      }
      EXPECT_EQ(total(role, std::nullopt), with_role) << to_string(role);
    }
  }
};

TEST_P(ScaleContract, UserTotalsFollowCreateUpdateAndDelete) {
  expect_totals_match_rows();
  User a = make_user(new_user("a@example.com", Role::kConsumerAdmin));
  User b = make_user(new_user("b@example.com"));
  make_user(new_user("c@example.com"));
  make_user(new_user("owner@example.com", Role::kSuperAdmin));
  expect_totals_match_rows();
  EXPECT_EQ(total(std::nullopt, std::nullopt), 4);

  a.active = false;
  b.role = Role::kConsumerAdmin;
  for (const User& changed : {a, b}) {
    auto updated = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::UserRepository>().update(changed, std::nullopt, clock_.now());
    });
    ASSERT_TRUE(updated) << why(updated);
  }
  expect_totals_match_rows();
  EXPECT_EQ(total(Role::kConsumerAdmin, false), 1);
  EXPECT_EQ(total(Role::kConsumerAdmin, true), 1);

  auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().remove(a.id); });
  ASSERT_TRUE(removed && *removed) << why(removed);
  expect_totals_match_rows();
  auto owners = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().count_api_owners(); });
  ASSERT_TRUE(owners) << why(owners);
  EXPECT_EQ(*owners, 1);
}

TEST_P(ScaleContract, AChangeCommittedElsewhereIsSeenByTheNextRead) {
  User u = make_user(new_user("ada@example.com"));
  // The same reads, twice on every pooled connection, around a change through a second pool:
  // a statement kept from the first read must not answer from its old snapshot.
  auto other = open();
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 8; ++i) {
      auto found = find_user(u.id);
      ASSERT_TRUE(found);
      EXPECT_EQ(found->first, round == 0 ? "First" : "Changed");
      EXPECT_EQ(total(std::nullopt, std::nullopt), round == 0 ? 1 : 2);
    }
    if (round == 0) {
      u.first = "Changed";
      auto updated = other->write_result([&](Transaction& tx) {
        return tx.get<atrium::UserRepository>().update(u, std::nullopt, clock_.now());
      });
      ASSERT_TRUE(updated) << why(updated);
      auto created = other->write_result([&](Transaction& tx) {
        return tx.get<atrium::UserRepository>().create(new_user("bob@example.com"), clock_.now());
      });
      ASSERT_TRUE(created) << why(created);
    }
  }
}

TEST_P(ScaleContract, SeededDirectoryReadsLikeOneTheRepositoriesWrote) {
  const auto version = [&] {
    auto read = db().read_result(
        [](Transaction& tx) { return tx.get<atrium::UserRepository>().directory_version(); });
    EXPECT_TRUE(read) << why(read);
    return read ? *read : -1;
  };
  const long long before_seed = version();
  auto report = seed_small_directory(120, 40);
  ASSERT_TRUE(report) << why(report);
  // The seed moved the directory version, and its triggers are back for the next change.
  const long long after_seed = version();
  EXPECT_GT(after_seed, before_seed);
  EXPECT_EQ(report->users, 120);
  EXPECT_EQ(report->organisations, 12);
  expect_totals_match_rows();

  // Every seeded organisation has its default team, named as the service names it, and every
  // user belongs to 1 to 3 teams of their own organisation.
  auto orgs = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().list(PageRequest{1, 100});
  });
  ASSERT_TRUE(orgs) << why(orgs);
  EXPECT_EQ(orgs->total, 13);  // and the Default Organisation
  for (const Organisation& org : orgs->items) {
    auto team = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().default_team(org.id); });
    ASSERT_TRUE(team) << org.name << ": " << why(team);
    EXPECT_EQ(team->name, default_team_name(org.name));
    EXPECT_EQ(org.cid.size(), 36U);
  }
  UserFilter everyone;
  auto users = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().list(everyone, PageRequest{1, 1000});
  });
  ASSERT_TRUE(users) << why(users);
  for (const User& u : users->items) {
    auto teams = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().teams_of(u.id); });
    ASSERT_TRUE(teams) << why(teams);
    EXPECT_GE(teams->size(), 1U);
    EXPECT_LE(teams->size(), 3U);
    for (const Team& t : *teams) EXPECT_EQ(t.organisation_id, u.organisation_id);
  }
  // The reported users exist, can be found by email, and have the password hash.
  for (const std::string& email :
       {report->small_org_user, report->large_org_user, report->middle_user_email}) {
    auto found = find_email(email);
    ASSERT_TRUE(found) << email;
    EXPECT_TRUE(found->active);
    auto hash = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(found->id); });
    ASSERT_TRUE(hash && *hash) << email;
    EXPECT_EQ(**hash, kSeedPasswordHash);
  }
  // Ids continue after the seed: the repositories' next user does not collide.
  make_user(new_user("after@example.com"));
  EXPECT_GT(version(), after_seed);
  // The rules the seed applies once after its load are back (on PostgreSQL they are off while it
  // writes): the user counts follow the new user, and a team of another organisation is refused.
  expect_totals_match_rows();
  const User& first = users->items.front();
  const auto other =
      std::find_if(orgs->items.begin(), orgs->items.end(),
                   [&](const Organisation& o) { return o.id != first.organisation_id; });
  ASSERT_NE(other, orgs->items.end());
  auto foreign_team = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().default_team(other->id); });
  ASSERT_TRUE(foreign_team) << why(foreign_team);
  auto refused = db().write([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().set_teams(first.id, {foreign_team->id});
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().id, "team.not_in_organisation") << why(refused);
  // Seeding again adds a second directory beside the first.
  auto again = seed_small_directory(120, 40);
  ASSERT_TRUE(again) << why(again);
  EXPECT_EQ(total(std::nullopt, std::nullopt), 241);
}

TEST_P(ScaleContract, SeedPlansThatCannotHoldAreRefused) {
  store::SeedPlan plan;
  plan.password_hash = "x";
  plan.users = 10;
  plan.organisations = 20;
  auto refused = store::seed_directory(db(), plan);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  plan.organisations = 2;
  plan.large_size = 2;
  plan.email_domain = "Bad Domain'";
  EXPECT_FALSE(store::seed_directory(db(), plan));
  EXPECT_EQ(total(std::nullopt, std::nullopt), 0);
}

ATRIUM_CONTRACT_BACKENDS(ScaleContract);

}  // namespace
}  // namespace atrium::contract
