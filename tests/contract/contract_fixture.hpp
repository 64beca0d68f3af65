#pragma once

// The fixture of the storage contract suites: each test gets its own empty database, a temporary
// SQLite file or a scratch PostgreSQL database on the server named by ATRIUM_TEST_PG, and the
// same test runs against both (instances .../sqlite3 and .../postgres).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"
#include "store/bulk_seed.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/manual_clock.hpp"
#include "support/postgres_env.hpp"
#include "support/temp_dir.hpp"

namespace atrium::contract {

inline std::string describe(const Error& e) {
  return std::string(to_string(e.code)) + " " + e.id + ": " + e.message + " [" + e.detail + "]";
}

// Prints the error of a failed Result in an assertion message.
template <typename T>
std::string why(const Result<T>& result) {
  return result ? std::string("ok") : describe(result.error());
}

// Ids of items, in order (for comparing lists).
template <typename T>
std::vector<long long> ids_of(const std::vector<T>& items) {
  std::vector<long long> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

class ContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    using namespace std::chrono_literals;
    options_.dialect = GetParam();
    options_.pool_size = 4;
    options_.busy_timeout = 10s;
    if (is_postgres()) {
      ATRIUM_REQUIRE_TEST_POSTGRES();
      scratch_ =
          std::make_unique<testing::ScratchPostgresDatabase>(*testing::test_postgres_server());
      options_.connection_string = scratch_->connection_string();
    } else {
      // A directory that does not exist yet: opening must create it.
      options_.connection_string = temp_.file("data/atrium.db");
    }
  }

  bool is_postgres() const { return GetParam() == "postgres"; }

  // Another pool on the same database, as a second server process would have.
  std::unique_ptr<store::SociDatabase> open() { return store::open_database(options_); }

  // The migrated database most tests use.
  store::SociDatabase& db() {
    if (!db_) {
      db_ = open();
      const auto migrated = store::migrate(*db_);
      EXPECT_TRUE(migrated) << why(migrated);
    }
    return *db_;
  }

  static constexpr const char* kSeedPasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

  // A small seeded directory (store::seed_directory): `users` in 12 organisations, one of them
  // of `large_size` users in departments of 10; every seeded user has the same password hash.
  Result<store::SeedReport> seed_small_directory(long long users, long long large_size) {
    store::SeedPlan plan;
    plan.users = users;
    plan.organisations = 12;
    plan.large_organisations = 1;
    plan.large_size = large_size;
    plan.department_size = 10;
    plan.password_hash = kSeedPasswordHash;
    return store::seed_directory(db(), plan);
  }

  NewUser new_user(const std::string& email, Role role = Role::kConsumerTeamMember) {
    NewUser user;
    user.cid = "cid-" + std::to_string(++counter_) + "-" + email;
    user.email = email;
    user.first = "First";
    user.last = "Last";
    user.role = role;
    user.active = true;
    return user;
  }

  Result<User> create(const NewUser& user) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::UserRepository>().create(user, clock_.now());
    });
  }

  // Creates a user or fails the test.
  User make_user(const NewUser& user) {
    auto created = create(user);
    EXPECT_TRUE(created) << why(created);
    return created ? *created : User{};
  }

  std::optional<User> find_email(const std::string& email) {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().find_by_email(email); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  std::optional<User> find_user(UserId id) {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().find_by_id(id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  ApiToken create_token(UserId user, const std::string& hash) {
    auto token = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::ApiTokenRepository>().create(user, "token " + hash, hash, clock_.now());
    });
    EXPECT_TRUE(token) << why(token);
    return token ? *token : ApiToken{};
  }

  Result<Organisation> create_organisation(const std::string& name) {
    NewOrganisation organisation;
    organisation.cid = "org-" + std::to_string(++counter_);
    organisation.name = name;
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::OrganisationRepository>().create(organisation, clock_.now());
    });
  }

  Result<Team> create_team(OrganisationId organisation, const std::string& name,
                           bool is_default = false) {
    NewTeam team;
    team.cid = "team-" + std::to_string(++counter_);
    team.organisation_id = organisation;
    team.name = name;
    team.is_default = is_default;
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::TeamRepository>().create(team, clock_.now());
    });
  }

  // An organisation with its default team, as the domain creates them; fails the test on error.
  std::pair<Organisation, Team> make_organisation(const std::string& name) {
    auto organisation = create_organisation(name);
    EXPECT_TRUE(organisation) << why(organisation);
    if (!organisation) return {};
    auto team = create_team(organisation->id, default_team_name(name), true);
    EXPECT_TRUE(team) << why(team);
    return {*organisation, team ? *team : Team{}};
  }

  Team make_team(OrganisationId organisation, const std::string& name) {
    auto team = create_team(organisation, name);
    EXPECT_TRUE(team) << why(team);
    return team ? *team : Team{};
  }

  void set_teams(UserId user, const std::vector<TeamId>& teams) {
    const Status status = db().write(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().set_teams(user, teams); });
    EXPECT_TRUE(status) << why(status);
  }

  std::vector<UserId> members(TeamId team) {
    auto ids = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::TeamRepository>().member_ids(team); });
    EXPECT_TRUE(ids) << why(ids);
    return ids ? *ids : std::vector<UserId>{};
  }

  std::vector<TeamId> team_ids_of(UserId user) {
    auto teams = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().teams_of(user); });
    EXPECT_TRUE(teams) << why(teams);
    return teams ? ids_of(*teams) : std::vector<TeamId>{};
  }

  Organisation default_organisation() {
    auto found = db().read_result([](Transaction& tx) {
      return tx.get<atrium::OrganisationRepository>().default_organisation();
    });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : Organisation{};
  }

  Team default_team(OrganisationId organisation) {
    auto found = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::TeamRepository>().default_team(organisation);
    });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : Team{};
  }

  testing::ManualClock clock_;
  testing::TempDir temp_;
  std::unique_ptr<testing::ScratchPostgresDatabase> scratch_;
  store::DatabaseOptions options_;
  std::unique_ptr<store::SociDatabase> db_;  // declared last: closed before the database is dropped
  std::atomic<int> counter_{0};
};

// Instantiates a suite derived from ContractTest for both backends.
#define ATRIUM_CONTRACT_BACKENDS(suite)                          \
  INSTANTIATE_TEST_SUITE_P(                                      \
      Backends, suite, ::testing::Values("sqlite3", "postgres"), \
      [](const ::testing::TestParamInfo<std::string>& instance) { return instance.param; })

}  // namespace atrium::contract
