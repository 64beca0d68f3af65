// The directory part of the storage contract: organisations, teams, memberships, and the user
// list, update and removal, on every backend.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace {

using atrium::ErrorCode;
using atrium::NewUser;
using atrium::Organisation;
using atrium::OrganisationId;
using atrium::PageOf;
using atrium::PageRequest;
using atrium::Role;
using atrium::Status;
using atrium::Team;
using atrium::TeamId;
using atrium::Transaction;
using atrium::User;
using atrium::UserFilter;
using atrium::UserId;
using atrium::contract::describe;
using atrium::contract::ids_of;
using atrium::contract::why;
using namespace std::chrono_literals;

using Ids = std::vector<long long>;

class DirectoryContract : public atrium::contract::ContractTest {
 protected:
  PageOf<User> list_users(const UserFilter& filter, PageRequest page = {1, 100}) {
    auto listed = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().list(filter, page); });
    EXPECT_TRUE(listed) << why(listed);
    return listed ? *listed : PageOf<User>{};
  }

  // The ids a filter selects (all on one page, whose total must agree).
  Ids user_ids(const UserFilter& filter) {
    const PageOf<User> page = list_users(filter);
    EXPECT_EQ(page.total, static_cast<long long>(page.items.size()));
    return ids_of(page.items);
  }

  User consumer(const std::string& email, const std::string& first, const std::string& last,
                Role role, bool active, OrganisationId organisation,
                const std::vector<TeamId>& teams) {
    NewUser user = new_user(email, role);
    user.first = first;
    user.last = last;
    user.active = active;
    user.organisation_id = organisation;
    const User created = make_user(user);
    set_teams(created.id, teams);
    return created;
  }

  std::optional<Organisation> find_organisation(OrganisationId id) {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::OrganisationRepository>().find(id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  std::optional<Team> find_team(TeamId id) {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().find(id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }
};

// --- organisations -------------------------------------------------------------------------------

TEST_P(DirectoryContract, AFreshDatabaseHasTheDefaultOrganisationAndItsTeam) {
  const Organisation organisation = default_organisation();
  EXPECT_GT(organisation.id, 0);
  EXPECT_EQ(organisation.name, "Default Organisation");
  EXPECT_TRUE(organisation.is_default);
  EXPECT_FALSE(organisation.cid.empty());
  EXPECT_GT(organisation.created_at, atrium::from_unix_ms(1'600'000'000'000));

  const Team team = default_team(organisation.id);
  EXPECT_EQ(team.name, "Default Organisation All users");
  EXPECT_EQ(team.name, atrium::default_team_name(organisation.name));
  EXPECT_TRUE(team.is_default);
  EXPECT_EQ(team.organisation_id, organisation.id);
  EXPECT_FALSE(team.cid.empty());
  EXPECT_NE(team.cid, organisation.cid);

  const auto teams = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().list_for_organisation(organisation.id);
  });
  ASSERT_TRUE(teams) << why(teams);
  EXPECT_EQ(ids_of(*teams), Ids{team.id});
  const auto all = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::OrganisationRepository>().list(PageRequest{}); });
  ASSERT_TRUE(all) << why(all);
  EXPECT_EQ(all->total, 1);
  EXPECT_EQ(ids_of(all->items), Ids{organisation.id});

  const auto by_cid = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().find_by_cid(organisation.cid);
  });
  ASSERT_TRUE(by_cid && by_cid->has_value()) << why(by_cid);
  EXPECT_EQ((*by_cid)->id, organisation.id);
}

TEST_P(DirectoryContract, CreatesFindsAndRenamesOrganisations) {
  const auto acme = create_organisation("Acme Corp");
  ASSERT_TRUE(acme) << why(acme);
  EXPECT_GT(acme->id, default_organisation().id);
  EXPECT_EQ(acme->name, "Acme Corp");
  EXPECT_FALSE(acme->is_default);
  EXPECT_EQ(acme->created_at, clock_.now());
  EXPECT_EQ(acme->updated_at, clock_.now());

  const auto found = find_organisation(acme->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->cid, acme->cid);
  EXPECT_EQ(found->name, "Acme Corp");
  EXPECT_FALSE(found->is_default);
  const auto by_cid = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().find_by_cid(acme->cid);
  });
  ASSERT_TRUE(by_cid && by_cid->has_value()) << why(by_cid);
  EXPECT_EQ((*by_cid)->id, acme->id);
  EXPECT_FALSE(find_organisation(acme->id + 1000).has_value());
  const auto no_cid = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().find_by_cid("no-such-cid");
  });
  ASSERT_TRUE(no_cid) << why(no_cid);
  EXPECT_FALSE(no_cid->has_value());

  // Names are unique case-insensitively, the Default Organisation's too.
  for (const char* taken : {"ACME corp", "default ORGANISATION"}) {
    const auto duplicate = create_organisation(taken);
    ASSERT_FALSE(duplicate) << taken;
    EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict) << describe(duplicate.error());
    EXPECT_EQ(duplicate.error().id, "organisation.name_taken");
    ASSERT_EQ(duplicate.error().fields.size(), 1U);
    EXPECT_EQ(duplicate.error().fields[0].field, "Name");
  }

  clock_.advance(5s);
  const auto renamed = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().rename(acme->id, "ACME Corporation",
                                                           clock_.now());
  });
  ASSERT_TRUE(renamed) << why(renamed);
  EXPECT_EQ(renamed->name, "ACME Corporation");
  EXPECT_EQ(renamed->created_at, acme->created_at);
  EXPECT_EQ(renamed->updated_at, clock_.now());
  EXPECT_EQ(find_organisation(acme->id)->name, "ACME Corporation");
  // The old name is free again; its own name in another case is not a clash.
  EXPECT_TRUE(create_organisation("acme corp"));
  const auto recased = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().rename(acme->id, "Acme Corporation",
                                                           clock_.now());
  });
  EXPECT_TRUE(recased) << why(recased);

  const auto clash = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().rename(acme->id, "Default Organisation",
                                                           clock_.now());
  });
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().id, "organisation.name_taken") << describe(clash.error());
  EXPECT_EQ(find_organisation(acme->id)->name, "Acme Corporation");

  const auto missing = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().rename(acme->id + 1000, "Nobody", clock_.now());
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << describe(missing.error());

  // The default organisation can be renamed.
  const auto fallback = default_organisation();
  const auto renamed_default = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().rename(fallback.id, "Everyone", clock_.now());
  });
  ASSERT_TRUE(renamed_default) << why(renamed_default);
  EXPECT_TRUE(renamed_default->is_default);
  EXPECT_EQ(default_organisation().name, "Everyone");
}

TEST_P(DirectoryContract, ListsOrganisationsByPage) {
  Ids expected{default_organisation().id};
  for (int i = 1; i <= 4; ++i) {
    expected.push_back(make_organisation("Org " + std::to_string(i)).first.id);
  }
  const auto page = [&](long long number, long long size) {
    auto listed = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::OrganisationRepository>().list(PageRequest{number, size});
    });
    EXPECT_TRUE(listed) << why(listed);
    return listed ? *listed : PageOf<Organisation>{};
  };
  const auto first = page(1, 2);
  EXPECT_EQ(first.total, 5);
  EXPECT_EQ(ids_of(first.items), (Ids{expected[0], expected[1]}));
  EXPECT_TRUE(first.items[0].is_default);
  EXPECT_EQ(ids_of(page(2, 2).items), (Ids{expected[2], expected[3]}));
  EXPECT_EQ(ids_of(page(3, 2).items), Ids{expected[4]});
  const auto beyond = page(4, 2);
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 5);
  EXPECT_EQ(ids_of(page(1, 100).items), expected);

  for (const PageRequest bad : {PageRequest{0, 20}, PageRequest{1, 0}, PageRequest{-3, 20}}) {
    const auto refused = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::OrganisationRepository>().list(bad); });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << describe(refused.error());
  }
}

TEST_P(DirectoryContract, RemovingAnOrganisationNeedsItEmptyAndTakesItsTeams) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Team ops = make_team(acme.id, "Ops");
  const User wile = consumer("wile@acme.test", "Wile", "Coyote", Role::kConsumerAdmin, true,
                             acme.id, {acme_all.id, ops.id});

  const auto refused = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::OrganisationRepository>().remove(acme.id); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << describe(refused.error());
  EXPECT_EQ(refused.error().id, "organisation.not_empty");
  EXPECT_TRUE(find_organisation(acme.id).has_value());

  const Organisation fallback = default_organisation();
  const auto never = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().remove(fallback.id);
  });
  ASSERT_FALSE(never);
  EXPECT_EQ(never.error().code, ErrorCode::kConflict) << describe(never.error());
  EXPECT_TRUE(find_organisation(fallback.id).has_value());

  // Moved out, the organisation goes, with its teams and their memberships.
  const Status emptied = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::OrganisationRepository>().move_all_users(
        acme.id, fallback.id, default_team(fallback.id).id, clock_.now()));
    return atrium::ok();
  });
  ASSERT_TRUE(emptied) << why(emptied);
  const auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::OrganisationRepository>().remove(acme.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(find_organisation(acme.id).has_value());
  EXPECT_FALSE(find_team(acme_all.id).has_value());
  EXPECT_FALSE(find_team(ops.id).has_value());
  EXPECT_TRUE(members(ops.id).empty());
  EXPECT_EQ(team_ids_of(wile.id), Ids{default_team(fallback.id).id});

  const auto again = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::OrganisationRepository>().remove(acme.id); });
  ASSERT_TRUE(again) << why(again);
  EXPECT_FALSE(*again);
}

TEST_P(DirectoryContract, MovesAllUsersOfAnOrganisationIntoOneTeam) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Team ops = make_team(acme.id, "Ops");
  const auto [globex, globex_all] = make_organisation("Globex");
  const User wile = consumer("wile@acme.test", "Wile", "Coyote", Role::kConsumerAdmin, true,
                             acme.id, {acme_all.id, ops.id});
  const User road = consumer("road@acme.test", "Road", "Runner", Role::kConsumerTeamMember, false,
                             acme.id, {acme_all.id});
  const User hank = consumer("hank@globex.test", "Hank", "Scorpio", Role::kConsumerAdmin, true,
                             globex.id, {globex_all.id});
  const Organisation fallback = default_organisation();
  const Team fallback_team = default_team(fallback.id);

  // The team must belong to the target organisation; nothing moves otherwise.
  const auto wrong = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().move_all_users(acme.id, fallback.id,
                                                                   globex_all.id, clock_.now());
  });
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kConflict) << describe(wrong.error());
  EXPECT_EQ(find_user(wile.id)->organisation_id, std::optional(acme.id));

  clock_.advance(1min);
  const auto moved = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().move_all_users(acme.id, fallback.id,
                                                                   fallback_team.id, clock_.now());
  });
  ASSERT_TRUE(moved) << why(moved);
  EXPECT_EQ(*moved, 2);
  for (const UserId id : {wile.id, road.id}) {
    const auto user = find_user(id);
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->organisation_id, std::optional(fallback.id));
    EXPECT_EQ(user->updated_at, clock_.now());
    EXPECT_EQ(team_ids_of(id), Ids{fallback_team.id});
  }
  EXPECT_TRUE(members(acme_all.id).empty());
  EXPECT_TRUE(members(ops.id).empty());
  EXPECT_EQ(members(fallback_team.id), (Ids{wile.id, road.id}));
  // Other organisations are untouched.
  EXPECT_EQ(find_user(hank.id)->organisation_id, std::optional(globex.id));
  EXPECT_EQ(team_ids_of(hank.id), Ids{globex_all.id});

  const auto none = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::OrganisationRepository>().move_all_users(acme.id, fallback.id,
                                                                   fallback_team.id, clock_.now());
  });
  ASSERT_TRUE(none) << why(none);
  EXPECT_EQ(*none, 0);
}

// --- teams ---------------------------------------------------------------------------------------

TEST_P(DirectoryContract, CreatesFindsAndRenamesTeams) {
  const auto [acme, acme_all] = make_organisation("Acme");
  EXPECT_EQ(acme_all.name, "Acme All users");
  EXPECT_TRUE(acme_all.is_default);
  const auto ops = create_team(acme.id, "Ops");
  ASSERT_TRUE(ops) << why(ops);
  EXPECT_EQ(ops->organisation_id, acme.id);
  EXPECT_FALSE(ops->is_default);
  EXPECT_EQ(ops->created_at, clock_.now());

  const auto found = find_team(ops->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "Ops");
  EXPECT_EQ(found->cid, ops->cid);
  const auto by_cid = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().find_by_cid(ops->cid); });
  ASSERT_TRUE(by_cid && by_cid->has_value()) << why(by_cid);
  EXPECT_EQ((*by_cid)->id, ops->id);
  EXPECT_FALSE(find_team(ops->id + 1000).has_value());

  // Unique per organisation, case-insensitively.
  const auto duplicate = create_team(acme.id, "OPS");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict) << describe(duplicate.error());
  EXPECT_EQ(duplicate.error().id, "team.name_taken");
  ASSERT_EQ(duplicate.error().fields.size(), 1U);
  EXPECT_EQ(duplicate.error().fields[0].field, "Name");
  const auto [globex, globex_all] = make_organisation("Globex");
  EXPECT_TRUE(create_team(globex.id, "Ops")) << "another organisation may use the name";

  // Ordered by id: the default team first.
  const Team dev = make_team(acme.id, "Dev");
  const auto listed = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().list_for_organisation(acme.id);
  });
  ASSERT_TRUE(listed) << why(listed);
  EXPECT_EQ(ids_of(*listed), (Ids{acme_all.id, ops->id, dev.id}));
  EXPECT_EQ(default_team(acme.id).id, acme_all.id);
  EXPECT_EQ(default_team(globex.id).id, globex_all.id);

  clock_.advance(2s);
  const auto renamed = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().rename(ops->id, "Operations", clock_.now());
  });
  ASSERT_TRUE(renamed) << why(renamed);
  EXPECT_EQ(renamed->name, "Operations");
  EXPECT_EQ(renamed->updated_at, clock_.now());
  EXPECT_EQ(renamed->created_at, ops->created_at);
  const auto clash = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().rename(ops->id, "dev", clock_.now());
  });
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().id, "team.name_taken") << describe(clash.error());
  const auto missing = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().rename(ops->id + 1000, "X", clock_.now());
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << describe(missing.error());
  const auto renamed_default = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().rename(acme_all.id, "Everyone at Acme", clock_.now());
  });
  ASSERT_TRUE(renamed_default) << why(renamed_default);
  EXPECT_TRUE(renamed_default->is_default);

  // A team needs an existing organisation.
  const auto orphan = create_team(globex.id + 1000, "Nowhere");
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kConflict) << describe(orphan.error());
  const auto no_default = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().default_team(globex.id + 1000);
  });
  ASSERT_FALSE(no_default);
  EXPECT_EQ(no_default.error().code, ErrorCode::kNotFound) << describe(no_default.error());
}

TEST_P(DirectoryContract, AnOrganisationHasAtMostOneDefaultTeam) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const auto second = create_team(acme.id, "Also everyone", true);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict) << describe(second.error());
  EXPECT_EQ(default_team(acme.id).id, acme_all.id);
  // Non-default teams are unlimited.
  EXPECT_TRUE(create_team(acme.id, "One"));
  EXPECT_TRUE(create_team(acme.id, "Two"));
}

TEST_P(DirectoryContract, ManagesTeamMembers) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const User b = consumer("b@acme.test", "B", "B", Role::kConsumerTeamMember, true, acme.id, {});
  const User a = consumer("a@acme.test", "A", "A", Role::kConsumerTeamMember, true, acme.id, {});
  for (const UserId id : {b.id, a.id, b.id}) {  // the second add of b is a no-op
    const Status added = db().write([&](Transaction& tx) {
      return tx.get<atrium::TeamRepository>().add_member(acme_all.id, id);
    });
    ASSERT_TRUE(added) << why(added);
  }
  EXPECT_EQ(members(acme_all.id), (Ids{b.id, a.id}));  // ordered by id

  const Status removed = db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().remove_member(acme_all.id, b.id);
  });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_EQ(members(acme_all.id), Ids{a.id});
  const Status not_a_member = db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().remove_member(acme_all.id, b.id);
  });
  EXPECT_TRUE(not_a_member) << why(not_a_member);

  const Status no_user = db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().add_member(acme_all.id, a.id + 1000);
  });
  ASSERT_FALSE(no_user);
  EXPECT_EQ(no_user.error().code, ErrorCode::kConflict) << describe(no_user.error());
  const Status no_team = db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().add_member(acme_all.id + 1000, a.id);
  });
  ASSERT_FALSE(no_team);
  EXPECT_EQ(no_team.error().code, ErrorCode::kConflict) << describe(no_team.error());
}

TEST_P(DirectoryContract, RemovingATeamTakesItsMembershipsButNeverTheDefault) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Team ops = make_team(acme.id, "Ops");
  const User wile = consumer("wile@acme.test", "Wile", "Coyote", Role::kConsumerAdmin, true,
                             acme.id, {acme_all.id, ops.id});

  const auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().remove(ops.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(find_team(ops.id).has_value());
  EXPECT_TRUE(members(ops.id).empty());
  EXPECT_EQ(team_ids_of(wile.id), Ids{acme_all.id});
  const auto again = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().remove(ops.id); });
  ASSERT_TRUE(again) << why(again);
  EXPECT_FALSE(*again);

  const auto refused = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().remove(acme_all.id); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << describe(refused.error());
  EXPECT_TRUE(find_team(acme_all.id).has_value());
  EXPECT_EQ(members(acme_all.id), Ids{wile.id});
}

TEST_P(DirectoryContract, AdoptsTeamlessUsersOfAnOrganisation) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Team ops = make_team(acme.id, "Ops");
  const Team dev = make_team(acme.id, "Dev");
  const auto [globex, globex_all] = make_organisation("Globex");
  const User only_ops =
      consumer("1@acme.test", "A", "A", Role::kConsumerTeamMember, true, acme.id, {ops.id});
  const User ops_and_dev =
      consumer("2@acme.test", "B", "B", Role::kConsumerTeamMember, true, acme.id, {ops.id, dev.id});
  const User only_dev =
      consumer("3@acme.test", "C", "C", Role::kConsumerTeamMember, true, acme.id, {dev.id});
  const User elsewhere =
      consumer("4@globex.test", "D", "D", Role::kConsumerTeamMember, true, globex.id, {});

  const auto adopted = db().write_result([&](Transaction& tx) -> atrium::Result<long long> {
    auto removed = tx.get<atrium::TeamRepository>().remove(ops.id);
    if (!removed) return atrium::fail(removed.error());
    return tx.get<atrium::TeamRepository>().adopt_teamless_users(acme.id, acme_all.id);
  });
  ASSERT_TRUE(adopted) << why(adopted);
  EXPECT_EQ(*adopted, 1);
  EXPECT_EQ(team_ids_of(only_ops.id), Ids{acme_all.id});
  EXPECT_EQ(team_ids_of(ops_and_dev.id), Ids{dev.id});
  EXPECT_EQ(team_ids_of(only_dev.id), Ids{dev.id});
  EXPECT_TRUE(team_ids_of(elsewhere.id).empty()) << "another organisation's users stay as they are";

  const auto wrong = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().adopt_teamless_users(acme.id, globex_all.id);
  });
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kConflict) << describe(wrong.error());
  EXPECT_TRUE(team_ids_of(elsewhere.id).empty());
}

// --- users ---------------------------------------------------------------------------------------

TEST_P(DirectoryContract, FindsUsersByCid) {
  const User ada = make_user(new_user("ada@example.com"));
  const auto found = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().find_by_cid(ada.cid); });
  ASSERT_TRUE(found && found->has_value()) << why(found);
  EXPECT_EQ((*found)->id, ada.id);
  const auto missing = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().find_by_cid("nope"); });
  ASSERT_TRUE(missing) << why(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(DirectoryContract, SetsTeamsAsAWhole) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Team ops = make_team(acme.id, "Ops");
  const Team dev = make_team(acme.id, "Dev");
  const User wile = consumer("wile@acme.test", "Wile", "Coyote", Role::kConsumerAdmin, true,
                             acme.id, {dev.id, acme_all.id, dev.id});  // a repeat is harmless
  EXPECT_EQ(team_ids_of(wile.id), (Ids{acme_all.id, dev.id}));         // ordered by id

  set_teams(wile.id, {ops.id});
  EXPECT_EQ(team_ids_of(wile.id), Ids{ops.id});
  EXPECT_EQ(members(dev.id), Ids{});

  // A missing team refuses the whole change, and the transaction carries on.
  const Status status = db().write([&](Transaction& tx) -> Status {
    const Status refused =
        tx.get<atrium::UserRepository>().set_teams(wile.id, {dev.id, dev.id + 1000});
    if (refused || refused.error().code != ErrorCode::kConflict) {
      return atrium::fail(atrium::internal_error("expected a conflict, got " + why(refused)));
    }
    auto teams = tx.get<atrium::UserRepository>().teams_of(wile.id);
    if (!teams) return atrium::fail(teams.error());
    if (ids_of(*teams) != Ids{ops.id}) {
      return atrium::fail(atrium::internal_error("the failed set_teams changed the teams"));
    }
    return tx.get<atrium::UserRepository>().set_teams(wile.id, {acme_all.id});
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_EQ(team_ids_of(wile.id), Ids{acme_all.id});

  set_teams(wile.id, {});
  EXPECT_TRUE(team_ids_of(wile.id).empty());
}

TEST_P(DirectoryContract, UpdatesUsers) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const auto [globex, globex_all] = make_organisation("Globex");
  NewUser fresh = new_user("Ada@Example.com", Role::kConsumerTeamMember);
  fresh.first = "Ada";
  fresh.last = "Lovelace";
  fresh.organisation_id = acme.id;
  fresh.password_hash = "hash-original";
  const User ada = make_user(fresh);
  const User bob = make_user(new_user("bob@example.com"));

  clock_.advance(10s);
  User changed = ada;
  changed.email = "Countess@Example.com";
  changed.first = "Augusta";
  changed.last = "Byron";
  changed.role = Role::kConsumerAdmin;
  changed.active = false;
  changed.organisation_id = globex.id;
  changed.reset_password = true;
  changed.provider = "sso";
  const auto updated = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(changed, std::nullopt, clock_.now());
  });
  ASSERT_TRUE(updated) << why(updated);
  EXPECT_EQ(updated->id, ada.id);
  EXPECT_EQ(updated->cid, ada.cid);
  EXPECT_EQ(updated->email, "Countess@Example.com");
  EXPECT_EQ(updated->first, "Augusta");
  EXPECT_EQ(updated->last, "Byron");
  EXPECT_EQ(updated->role, Role::kConsumerAdmin);
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->organisation_id, std::optional(globex.id));
  EXPECT_TRUE(updated->reset_password);
  EXPECT_EQ(updated->provider, "sso");
  EXPECT_TRUE(updated->has_password);
  EXPECT_EQ(updated->created_at, ada.created_at);
  EXPECT_EQ(updated->updated_at, clock_.now());
  const auto stored = find_user(ada.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->email, "Countess@Example.com");
  EXPECT_EQ(stored->updated_at, clock_.now());

  // Without a new hash the password is untouched; with one it is replaced.
  const auto hash = [&] {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(ada.id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  };
  EXPECT_EQ(hash(), std::optional<std::string>("hash-original"));
  const auto rehashed = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(*stored, std::string("hash-new"), clock_.now());
  });
  ASSERT_TRUE(rehashed) << why(rehashed);
  EXPECT_EQ(hash(), std::optional<std::string>("hash-new"));

  // The keys follow: the new email and names are found, case-insensitively; the old ones not.
  EXPECT_TRUE(find_email("COUNTESS@example.com").has_value());
  EXPECT_FALSE(find_email("ada@example.com").has_value());
  for (const char* prefix : {"byr", "AUG", "countess@"}) {
    UserFilter filter;
    filter.search = prefix;
    EXPECT_EQ(user_ids(filter), Ids{ada.id}) << prefix;
  }
  for (const char* prefix : {"lov", "ada"}) {
    UserFilter filter;
    filter.search = prefix;
    EXPECT_EQ(user_ids(filter), Ids{}) << prefix;
  }

  // Another user's email, in any case, is taken; the user is left as it was.
  User thief = *stored;
  thief.email = "BOB@example.com";
  thief.first = "Thief";
  const auto taken = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(thief, std::nullopt, clock_.now());
  });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict) << describe(taken.error());
  EXPECT_EQ(taken.error().id, "user.email_taken");
  ASSERT_EQ(taken.error().fields.size(), 1U);
  EXPECT_EQ(taken.error().fields[0].field, "Email");
  EXPECT_EQ(find_user(ada.id)->first, "Augusta");
  EXPECT_EQ(find_user(bob.id)->email, "bob@example.com");

  // Its own email in another case is no clash; an organisation must exist; API Owners have none.
  User recased = *stored;
  recased.email = "countess@example.COM";
  EXPECT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(recased, std::nullopt, clock_.now());
  }));
  User nowhere = *stored;
  nowhere.organisation_id = globex.id + 1000;
  const auto refused = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(nowhere, std::nullopt, clock_.now());
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << describe(refused.error());
  User owner = *stored;
  owner.organisation_id.reset();
  owner.role = Role::kProviderAdmin;
  const auto promoted = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(owner, std::nullopt, clock_.now());
  });
  ASSERT_TRUE(promoted) << why(promoted);
  EXPECT_FALSE(promoted->organisation_id.has_value());

  User ghost = *stored;
  ghost.id = bob.id + 1000;
  ghost.email = "ghost@example.com";
  const auto missing = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(ghost, std::nullopt, clock_.now());
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << describe(missing.error());
}

TEST_P(DirectoryContract, RemovingAUserTakesItsMembershipsAndTokens) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Team ops = make_team(acme.id, "Ops");
  const User wile = consumer("wile@acme.test", "Wile", "Coyote", Role::kConsumerAdmin, true,
                             acme.id, {acme_all.id, ops.id});
  const User road = consumer("road@acme.test", "Road", "Runner", Role::kConsumerTeamMember, true,
                             acme.id, {acme_all.id});
  create_token(wile.id, "hash-wile");
  create_token(road.id, "hash-road");

  const auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().remove(wile.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(find_user(wile.id).has_value());
  EXPECT_EQ(members(acme_all.id), Ids{road.id});
  EXPECT_TRUE(members(ops.id).empty());
  EXPECT_TRUE(team_ids_of(wile.id).empty());
  const auto token = db().read_result([](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().find_by_hash("hash-wile");
  });
  ASSERT_TRUE(token) << why(token);
  EXPECT_FALSE(token->has_value());
  const auto tokens = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::ApiTokenRepository>().list_for_user(wile.id); });
  ASSERT_TRUE(tokens) << why(tokens);
  EXPECT_TRUE(tokens->empty());
  const auto kept = db().read_result([](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().find_by_hash("hash-road");
  });
  ASSERT_TRUE(kept) << why(kept);
  EXPECT_TRUE(kept->has_value());

  const auto again = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().remove(wile.id); });
  ASSERT_TRUE(again) << why(again);
  EXPECT_FALSE(*again);
}

TEST_P(DirectoryContract, CountsUsersWithARole) {
  const auto count = [&](Role role) {
    auto counted = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().count_with_role(role); });
    EXPECT_TRUE(counted) << why(counted);
    return counted ? *counted : -1;
  };
  EXPECT_EQ(count(Role::kSuperAdmin), 0);
  make_user(new_user("s1@example.com", Role::kSuperAdmin));
  make_user(new_user("s2@example.com", Role::kSuperAdmin));
  make_user(new_user("p@example.com", Role::kProviderAdmin));
  EXPECT_EQ(count(Role::kSuperAdmin), 2);
  EXPECT_EQ(count(Role::kProviderAdmin), 1);
  EXPECT_EQ(count(Role::kConsumerAdmin), 0);
}

// Seven users in two organisations with overlapping teams, and two API Owners.
class UserListContract : public DirectoryContract {
 protected:
  void SetUp() override {
    DirectoryContract::SetUp();
    if (IsSkipped()) return;
    std::tie(acme_, acme_all_) = make_organisation("Acme");
    acme_ops_ = make_team(acme_.id, "Ops");
    acme_dev_ = make_team(acme_.id, "Dev");
    std::tie(globex_, globex_all_) = make_organisation("Globex");
    globex_labs_ = make_team(globex_.id, "Labs");
    ada_ = consumer("Ada.Lovelace@Example.com", "Ada", "Lovelace", Role::kConsumerAdmin, true,
                    acme_.id, {acme_all_.id, acme_ops_.id})
               .id;
    alan_ = consumer("alan@turing.test", "Alan", "Turing", Role::kConsumerTeamMember, false,
                     acme_.id, {acme_all_.id})
                .id;
    grace_ = consumer("grace@navy.test", "Grace", "Hopper", Role::kConsumerTeamMember, true,
                      acme_.id, {acme_dev_.id})
                 .id;
    barbara_ = consumer("bliskov@mit.test", "Barbara", "Liskov", Role::kConsumerAdmin, true,
                        globex_.id, {globex_all_.id, globex_labs_.id})
                   .id;
    adele_ = consumer("goldberg@parc.test", "Adele", "Goldberg", Role::kConsumerTeamMember, false,
                      globex_.id, {globex_labs_.id})
                 .id;
    NewUser owner = new_user("owner@example.com", Role::kSuperAdmin);
    owner.first = "Olga";
    owner.last = "Owner";
    owner_ = make_user(owner).id;
    NewUser provider = new_user("admin@adastra.test", Role::kProviderAdmin);
    provider.first = "Pat";
    provider.last = "Adams";
    provider_ = make_user(provider).id;
  }

  Organisation acme_, globex_;
  Team acme_all_, acme_ops_, acme_dev_, globex_all_, globex_labs_;
  UserId ada_ = 0, alan_ = 0, grace_ = 0, barbara_ = 0, adele_ = 0, owner_ = 0, provider_ = 0;
};

TEST_P(UserListContract, ListsEveryoneByIdWithoutAFilter) {
  EXPECT_EQ(user_ids({}), (Ids{ada_, alan_, grace_, barbara_, adele_, owner_, provider_}));
  const auto first = list_users({}, PageRequest{1, 20});
  ASSERT_EQ(first.items.size(), 7U);
  EXPECT_EQ(first.items[0].email, "Ada.Lovelace@Example.com");
  EXPECT_EQ(first.items[0].organisation_id, std::optional(acme_.id));
}

TEST_P(UserListContract, FiltersByEmailIgnoringCase) {
  UserFilter filter;
  filter.email = "ada.LOVELACE@example.com";
  EXPECT_EQ(user_ids(filter), Ids{ada_});
  filter.email = "ada";
  EXPECT_EQ(user_ids(filter), Ids{}) << "email is exact, not a prefix";
}

TEST_P(UserListContract, SearchesAPrefixOfEmailFirstOrLastName) {
  const auto search = [&](const char* text) {
    UserFilter filter;
    filter.search = text;
    return user_ids(filter);
  };
  // "ad": Ada.Lovelace@ and admin@ (email), Ada and Adele (first), Adams (last); each once.
  EXPECT_EQ(search("ad"), (Ids{ada_, adele_, provider_}));
  EXPECT_EQ(search("AD"), (Ids{ada_, adele_, provider_}));
  EXPECT_EQ(search("ada.l"), Ids{ada_});     // email
  EXPECT_EQ(search("Grac"), Ids{grace_});    // first name (and email)
  EXPECT_EQ(search("hop"), Ids{grace_});     // last name only
  EXPECT_EQ(search("LISK"), Ids{barbara_});  // last name only
  EXPECT_EQ(search("bli"), Ids{barbara_});   // email only
  EXPECT_EQ(search("gold"), Ids{adele_});    // email and last name: listed once
  EXPECT_EQ(search("ovelace"), Ids{});       // prefixes only
  EXPECT_EQ(search("zz"), Ids{});
  EXPECT_EQ(search("%"), Ids{});  // no pattern characters
  EXPECT_EQ(search("_"), Ids{});
  EXPECT_EQ(search("").size(), 7U);  // the empty prefix matches everyone
}

TEST_P(UserListContract, FiltersByOrganisationTeamRoleAndStatus) {
  UserFilter by_org;
  by_org.organisation_id = acme_.id;
  EXPECT_EQ(user_ids(by_org), (Ids{ada_, alan_, grace_}));
  by_org.organisation_id = globex_.id;
  EXPECT_EQ(user_ids(by_org), (Ids{barbara_, adele_}));

  UserFilter by_team;
  by_team.team_id = acme_all_.id;
  EXPECT_EQ(user_ids(by_team), (Ids{ada_, alan_}));
  by_team.team_id = acme_ops_.id;
  EXPECT_EQ(user_ids(by_team), Ids{ada_});
  by_team.team_id = globex_labs_.id;
  EXPECT_EQ(user_ids(by_team), (Ids{barbara_, adele_}));

  UserFilter by_role;
  by_role.role = Role::kConsumerAdmin;
  EXPECT_EQ(user_ids(by_role), (Ids{ada_, barbara_}));
  by_role.role = Role::kSuperAdmin;
  EXPECT_EQ(user_ids(by_role), Ids{owner_});

  UserFilter by_status;
  by_status.active = false;
  EXPECT_EQ(user_ids(by_status), (Ids{alan_, adele_}));
  by_status.active = true;
  EXPECT_EQ(user_ids(by_status), (Ids{ada_, grace_, barbara_, owner_, provider_}));
}

TEST_P(UserListContract, FiltersUsersSharingATeam) {
  const auto sharing = [&](UserId user) {
    UserFilter filter;
    filter.sharing_team_with = user;
    return user_ids(filter);
  };
  EXPECT_EQ(sharing(ada_), (Ids{ada_, alan_}));   // All users + Ops
  EXPECT_EQ(sharing(alan_), (Ids{ada_, alan_}));  // All users
  EXPECT_EQ(sharing(grace_), Ids{grace_});        // Dev alone
  EXPECT_EQ(sharing(barbara_), (Ids{barbara_, adele_}));
  EXPECT_EQ(sharing(adele_), (Ids{barbara_, adele_}));
  EXPECT_EQ(sharing(owner_), Ids{});  // in no team

  // A viewer in one team (read as that team's members on SQLite) pages and counts the same way.
  UserFilter one_team;
  one_team.sharing_team_with = alan_;
  const auto first = list_users(one_team, PageRequest{1, 1});
  EXPECT_EQ(ids_of(first.items), Ids{ada_});
  EXPECT_EQ(first.total, 2);
  const auto second = list_users(one_team, PageRequest{2, 1});
  EXPECT_EQ(ids_of(second.items), Ids{alan_});
  EXPECT_EQ(second.total, 2);
  UserFilter by_team;
  by_team.team_id = acme_all_.id;
  const auto team_page = list_users(by_team, PageRequest{2, 1});
  EXPECT_EQ(ids_of(team_page.items), Ids{alan_});
  EXPECT_EQ(team_page.total, 2);

  // Several teams in common still list a user once.
  set_teams(grace_, {acme_all_.id, acme_ops_.id, acme_dev_.id});
  EXPECT_EQ(sharing(ada_), (Ids{ada_, alan_, grace_}));
  EXPECT_EQ(sharing(grace_), (Ids{ada_, alan_, grace_}));
  const auto page = list_users(
      [&] {
        UserFilter filter;
        filter.sharing_team_with = grace_;
        return filter;
      }(),
      PageRequest{1, 2});
  EXPECT_EQ(ids_of(page.items), (Ids{ada_, alan_}));
  EXPECT_EQ(page.total, 3);
}

TEST_P(UserListContract, CombinesFiltersWithAnd) {
  UserFilter filter;
  filter.organisation_id = acme_.id;
  filter.active = true;
  EXPECT_EQ(user_ids(filter), (Ids{ada_, grace_}));

  filter = {};
  filter.search = "a";  // ada, alan, adele, admin@ / Adams
  EXPECT_EQ(user_ids(filter), (Ids{ada_, alan_, adele_, provider_}));
  filter.organisation_id = globex_.id;
  EXPECT_EQ(user_ids(filter), Ids{adele_});

  filter = {};
  filter.sharing_team_with = barbara_;
  filter.active = false;
  EXPECT_EQ(user_ids(filter), Ids{adele_});

  filter = {};
  filter.team_id = acme_all_.id;
  filter.role = Role::kConsumerTeamMember;
  EXPECT_EQ(user_ids(filter), Ids{alan_});

  filter = {};
  filter.team_id = acme_all_.id;
  filter.sharing_team_with = grace_;
  EXPECT_EQ(user_ids(filter), Ids{});
  filter.sharing_team_with = alan_;
  EXPECT_EQ(user_ids(filter), (Ids{ada_, alan_}));

  filter = {};
  filter.role = Role::kConsumerAdmin;
  filter.active = true;
  EXPECT_EQ(user_ids(filter), (Ids{ada_, barbara_}));

  // Everything at once.
  filter = {};
  filter.email = "ADA.lovelace@example.com";
  filter.search = "lov";
  filter.organisation_id = acme_.id;
  filter.team_id = acme_ops_.id;
  filter.role = Role::kConsumerAdmin;
  filter.active = true;
  filter.sharing_team_with = alan_;
  EXPECT_EQ(user_ids(filter), Ids{ada_});
  filter.active = false;
  EXPECT_EQ(user_ids(filter), Ids{});
  filter.active = true;
  filter.organisation_id = globex_.id;
  EXPECT_EQ(user_ids(filter), Ids{});
}

TEST_P(UserListContract, PagesCarryTheTotal) {
  const Ids everyone{ada_, alan_, grace_, barbara_, adele_, owner_, provider_};
  for (long long number = 1; number <= 4; ++number) {
    const auto page = list_users({}, PageRequest{number, 3});
    EXPECT_EQ(page.total, 7) << "page " << number;
    Ids expected;
    for (long long i = (number - 1) * 3; i < std::min<long long>(number * 3, 7); ++i) {
      expected.push_back(everyone[static_cast<std::size_t>(i)]);
    }
    EXPECT_EQ(ids_of(page.items), expected) << "page " << number;
  }
  UserFilter acme;
  acme.organisation_id = acme_.id;
  const auto second = list_users(acme, PageRequest{2, 2});
  EXPECT_EQ(ids_of(second.items), Ids{grace_});
  EXPECT_EQ(second.total, 3);
  UserFilter nobody;
  nobody.email = "nobody@example.com";
  const auto empty = list_users(nobody, PageRequest{1, 20});
  EXPECT_TRUE(empty.items.empty());
  EXPECT_EQ(empty.total, 0);

  const auto refused = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().list({}, PageRequest{0, 20});
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << describe(refused.error());
  UserFilter broken;
  broken.search = "\xC3";  // not UTF-8
  const auto invalid = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().list(broken, PageRequest{});
  });
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument) << describe(invalid.error());
}

ATRIUM_CONTRACT_BACKENDS(DirectoryContract);
ATRIUM_CONTRACT_BACKENDS(UserListContract);

}  // namespace
