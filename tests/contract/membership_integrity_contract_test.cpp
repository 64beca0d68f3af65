// The database itself refuses a membership in a team of another organisation than the user's
// (migration 0007, triggers on both databases), whoever writes it: the repositories here, with
// no domain check in between.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"

namespace atrium::contract {
namespace {

class MembershipIntegrityContract : public ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped()) return;
    std::tie(a_, a_all_) = make_organisation("Alpha");
    std::tie(b_, b_all_) = make_organisation("Beta");
    NewUser user = new_user("member@example.com");
    user.organisation_id = a_.id;
    user_ = make_user(user);
    set_teams(user_.id, {a_all_.id});
  }

  static void expect_refused(const Status& status) {
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::kConflict) << describe(status.error());
    EXPECT_EQ(status.error().id, "team.not_in_organisation") << describe(status.error());
  }

  Organisation a_, b_;
  Team a_all_, b_all_;
  User user_;
};

TEST_P(MembershipIntegrityContract, SetTeamsWithATeamOfAnotherOrganisationIsRefused) {
  expect_refused(db().write([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().set_teams(user_.id, {b_all_.id});
  }));
  expect_refused(db().write([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().set_teams(user_.id, {a_all_.id, b_all_.id});
  }));
  EXPECT_EQ(team_ids_of(user_.id), std::vector<TeamId>{a_all_.id});  // nothing changed
}

TEST_P(MembershipIntegrityContract, AddMemberOfAnotherOrganisationIsRefused) {
  expect_refused(db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().add_member(b_all_.id, user_.id);
  }));
  EXPECT_EQ(members(b_all_.id), std::vector<UserId>{});
}

TEST_P(MembershipIntegrityContract, TheTransactionStaysUsableAfterARefusal) {
  const Status status = db().write([&](Transaction& tx) -> Status {
    const Status refused = tx.get<atrium::TeamRepository>().add_member(b_all_.id, user_.id);
    EXPECT_FALSE(refused);
    const Team a2 = *tx.get<atrium::TeamRepository>().create(
        NewTeam{"team-a2", a_.id, "Alpha 2", false}, clock_.now());
    return tx.get<atrium::TeamRepository>().add_member(a2.id, user_.id);
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_EQ(team_ids_of(user_.id).size(), 2U);
}

TEST_P(MembershipIntegrityContract, MovingAUserWhoseMembershipsRemainIsRefused) {
  User moved = user_;
  moved.organisation_id = b_.id;
  expect_refused(db().write([&](Transaction& tx) -> Status {
    return tx.get<atrium::UserRepository>()
        .update(moved, std::nullopt, clock_.now())
        .map([](auto&&) {});
  }));
  EXPECT_EQ(find_user(user_.id)->organisation_id, std::optional<OrganisationId>(a_.id));
  // Becoming an API Owner (no organisation) with teams left is refused as well.
  User owner = user_;
  owner.role = Role::kProviderAdmin;
  owner.organisation_id.reset();
  expect_refused(db().write([&](Transaction& tx) -> Status {
    return tx.get<atrium::UserRepository>()
        .update(owner, std::nullopt, clock_.now())
        .map([](auto&&) {});
  }));
}

TEST_P(MembershipIntegrityContract, MovingAUserWithoutMembershipsFirstIsAllowed) {
  User moved = user_;
  moved.organisation_id = b_.id;
  const Status status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::UserRepository>().set_teams(user_.id, {}));
    ATRIUM_TRY(
        tx.get<atrium::UserRepository>().update(moved, std::nullopt, clock_.now()).map([](auto&&) {
        }));
    return tx.get<atrium::UserRepository>().set_teams(user_.id, {b_all_.id});
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_EQ(team_ids_of(user_.id), std::vector<TeamId>{b_all_.id});
  // Changing other fields of a user with memberships is of course fine.
  User renamed = *find_user(user_.id);
  renamed.first = "Renamed";
  const Status rename = db().write([&](Transaction& tx) -> Status {
    return tx.get<atrium::UserRepository>()
        .update(renamed, std::nullopt, clock_.now())
        .map([](auto&&) {});
  });
  EXPECT_TRUE(rename) << why(rename);
}

TEST_P(MembershipIntegrityContract, AnApiOwnerCannotBeInATeam) {
  const User owner = make_user(new_user("owner@example.com", Role::kSuperAdmin));
  expect_refused(db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().add_member(a_all_.id, owner.id);
  }));
}

TEST_P(MembershipIntegrityContract, MissingUsersAndTeamsAreStillForeignKeyConflicts) {
  const Status missing_team = db().write([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().set_teams(user_.id, {999999});
  });
  ASSERT_FALSE(missing_team);
  EXPECT_EQ(missing_team.error().id, "storage.missing_reference") << describe(missing_team.error());
  const Status missing_user = db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().add_member(a_all_.id, 999999);
  });
  ASSERT_FALSE(missing_user);
  EXPECT_EQ(missing_user.error().id, "storage.missing_reference") << describe(missing_user.error());
}

TEST_P(MembershipIntegrityContract, MovingAllUsersOfAnOrganisationStillWorks) {
  const Team b2 = make_team(b_.id, "Beta 2");
  NewUser other = new_user("other@example.com");
  other.organisation_id = b_.id;
  const User second = make_user(other);
  set_teams(second.id, {b_all_.id, b2.id});
  auto moved = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().move_all_users(b_.id, a_.id, a_all_.id,
                                                                   clock_.now());
  });
  ASSERT_TRUE(moved) << why(moved);
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(find_user(second.id)->organisation_id, std::optional<OrganisationId>(a_.id));
  EXPECT_EQ(team_ids_of(second.id), std::vector<TeamId>{a_all_.id});
  EXPECT_EQ(team_ids_of(user_.id), std::vector<TeamId>{a_all_.id});  // already there: unchanged
}

TEST_P(MembershipIntegrityContract, MigrationRepairsCrossOrganisationMembershipsAlreadyStored) {
  // A database written by the racy code before 0007: one user in Alpha with only a team of
  // Beta, another with teams of both.
  std::unique_ptr<testing::ScratchPostgresDatabase> scratch;  // outlives `old`
  store::DatabaseOptions options = options_;
  if (is_postgres()) {
    scratch = std::make_unique<testing::ScratchPostgresDatabase>(*testing::test_postgres_server());
    options.connection_string = scratch->connection_string();
  } else {
    options.connection_string = temp_.file("old/atrium.db");
  }
  auto old = store::open_database(options);
  ASSERT_TRUE(store::migrate(*old, 6));
  UserId only_b = 0;
  UserId both = 0;
  TeamId a_all = 0;
  const Status written = old->write([&](Transaction& tx) -> Status {
    const auto a = tx.get<atrium::OrganisationRepository>().create(NewOrganisation{"o-a", "Alpha"},
                                                                   clock_.now());
    const auto b = tx.get<atrium::OrganisationRepository>().create(NewOrganisation{"o-b", "Beta"},
                                                                   clock_.now());
    if (!a || !b) return fail(internal_error("organisations"));
    const auto a_team = tx.get<atrium::TeamRepository>().create(
        NewTeam{"t-a", a->id, "Alpha All users", true}, clock_.now());
    const auto b_team = tx.get<atrium::TeamRepository>().create(
        NewTeam{"t-b", b->id, "Beta All users", true}, clock_.now());
    if (!a_team || !b_team) return fail(internal_error("teams"));
    a_all = a_team->id;
    NewUser first = new_user("only-b@example.com");
    first.organisation_id = a->id;
    const auto one = tx.get<atrium::UserRepository>().create(first, clock_.now());
    NewUser second = new_user("both@example.com");
    second.organisation_id = a->id;
    const auto two = tx.get<atrium::UserRepository>().create(second, clock_.now());
    if (!one || !two) return fail(internal_error("users"));
    only_b = one->id;
    both = two->id;
    ATRIUM_TRY(tx.get<atrium::UserRepository>().set_teams(only_b, {b_team->id}));
    return tx.get<atrium::UserRepository>().set_teams(both, {a_team->id, b_team->id});
  });
  ASSERT_TRUE(written) << why(written);
  const auto migrated = store::migrate(*old);
  ASSERT_TRUE(migrated) << why(migrated);
  auto teams_of = [&](UserId id) {
    auto teams = old->read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().teams_of(id); });
    EXPECT_TRUE(teams) << why(teams);
    return teams ? ids_of(*teams) : std::vector<long long>{};
  };
  // Wrong memberships go; a user left with none joins their organisation's default team.
  EXPECT_EQ(teams_of(only_b), std::vector<long long>{a_all});
  EXPECT_EQ(teams_of(both), std::vector<long long>{a_all});
}

ATRIUM_CONTRACT_BACKENDS(MembershipIntegrityContract);

}  // namespace
}  // namespace atrium::contract
