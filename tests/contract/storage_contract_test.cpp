// The storage contract of src/domain/storage.hpp, checked against every backend in src/store:
// migrations, users, API tokens, transactions. Directory and audit repositories are in
// directory_contract_test.cpp and audit_contract_test.cpp.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <latch>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "core/clock.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/auth/system_repository.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

using atrium::ApiToken;
using atrium::ApiTokenGrant;
using atrium::Error;
using atrium::ErrorCode;
using atrium::NewUser;
using atrium::Result;
using atrium::Role;
using atrium::Status;
using atrium::Transaction;
using atrium::User;
using atrium::contract::ContractTest;
using atrium::contract::describe;
using atrium::contract::why;
using atrium::store::DatabaseOptions;
using atrium::store::SociDatabase;
using namespace std::chrono_literals;

class StorageContract : public ContractTest {};

// --- migrations and readiness ------------------------------------------------------------------

TEST_P(StorageContract, MigrationsApplyToAFreshDatabaseAndRerunningIsANoOp) {
  auto database = open();
  const auto before = atrium::store::applied_schema_version(*database);
  ASSERT_TRUE(before) << why(before);
  EXPECT_EQ(*before, 0);

  const int latest = atrium::store::latest_schema_version();
  const auto first = atrium::store::migrate(*database);
  ASSERT_TRUE(first) << why(first);
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, latest);
  ASSERT_EQ(first->applied.size(), atrium::store::known_migrations().size());
  EXPECT_EQ(first->applied.front().version, 1);
  EXPECT_EQ(first->applied.front().name, "foundation");

  const auto second = atrium::store::migrate(*database);
  ASSERT_TRUE(second) << why(second);
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, latest);
  EXPECT_EQ(second->to_version, latest);

  // A second process finds nothing to do either.
  auto other = open();
  const auto third = atrium::store::migrate(*other);
  ASSERT_TRUE(third) << why(third);
  EXPECT_TRUE(third->applied.empty());

  const auto rows = atrium::store::applied_migrations(*database);
  ASSERT_TRUE(rows) << why(rows);
  ASSERT_EQ(rows->size(), atrium::store::known_migrations().size());
  EXPECT_EQ(rows->front().version, 1);
  EXPECT_EQ(rows->front().name, "foundation");
  const auto version = atrium::store::applied_schema_version(*database);
  ASSERT_TRUE(version) << why(version);
  EXPECT_EQ(*version, latest);
}

TEST_P(StorageContract, ConcurrentMigrationsFromTwoPoolsApplyEachVersionOnce) {
  std::latch start(2);
  std::optional<Result<atrium::store::MigrationReport>> reports[2];
  std::string open_errors[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        auto database = open();  // both open (and switch a fresh SQLite file to WAL) at once
        reports[i].emplace(atrium::store::migrate(*database));
      } catch (const std::exception& e) {
        open_errors[i] = e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::size_t applied = 0;
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(open_errors[i], "");
    ASSERT_TRUE(reports[i].has_value());
    ASSERT_TRUE(*reports[i]) << why(*reports[i]);
    applied += (*reports[i])->applied.size();
    EXPECT_EQ((*reports[i])->to_version, atrium::store::latest_schema_version());
  }
  EXPECT_EQ(applied, atrium::store::known_migrations().size());
  const auto rows = atrium::store::applied_migrations(db());
  ASSERT_TRUE(rows) << why(rows);
  EXPECT_EQ(rows->size(), atrium::store::known_migrations().size());
}

TEST_P(StorageContract, ReadinessNeedsTheLatestSchema) {
  auto database = open();
  const Status unmigrated = database->check();
  ASSERT_FALSE(unmigrated);
  EXPECT_EQ(unmigrated.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(unmigrated.error().id, "database.schema_mismatch");

  ASSERT_TRUE(atrium::store::migrate(*database));
  const Status ready = database->check();
  EXPECT_TRUE(ready) << why(ready);

  const int latest = atrium::store::latest_schema_version();
  ASSERT_TRUE(database->execute_script("DELETE FROM schema_migrations WHERE version = " +
                                       std::to_string(latest)));
  const Status behind = database->check();
  ASSERT_FALSE(behind);
  EXPECT_EQ(behind.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(behind.error().message.find("atrium migrate"), std::string::npos)
      << behind.error().message;
}

TEST_P(StorageContract, MigratingFromVersionOneKeepsUsersAndTokens) {
  auto database = open();
  const auto first = atrium::store::migrate(*database, 1);
  ASSERT_TRUE(first) << why(first);
  EXPECT_EQ(first->to_version, 1);
  ASSERT_EQ(first->applied.size(), 1U);

  // Version 1 had no organisations: organisation_id pointed nowhere.
  ASSERT_TRUE(database->execute_script(
      "INSERT INTO users (cid, email, email_key, first, last, role, active, organisation_id, "
      "password_hash, reset_password, provider, created_at, updated_at) VALUES "
      "('cid-owner', 'Owner@Example.com', 'owner@example.com', 'Olga', 'Owner', 'super-admin', "
      "TRUE, 55, 'hash-1', FALSE, 'password', 1000, 2000), "
      "('cid-dev', 'Dev@Example.com', 'dev@example.com', 'Dana', 'McDev', 'consumer-admin', "
      "FALSE, NULL, NULL, TRUE, 'password', 3000, 4000), "
      "('cid-stray', 'stray@example.com', 'stray@example.com', 'Sam', 'Stray', "
      "'consumer-team-member', TRUE, 77, NULL, FALSE, 'password', 5000, 5000), "
      "('cid-gone', 'gone@example.com', 'gone@example.com', 'Gus', 'Gone', "
      "'consumer-team-member', TRUE, NULL, NULL, FALSE, 'password', 6000, 6000);"
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
      "SELECT id, 'cli', 'token-hash-1', 1000 FROM users WHERE cid = 'cid-owner';"));
  const auto gone = database->read_result([](Transaction& tx) {
    return tx.get<atrium::UserRepository>().find_by_email("gone@example.com");
  });
  ASSERT_TRUE(gone && gone->has_value()) << why(gone);
  const atrium::UserId gone_id = (*gone)->id;
  ASSERT_TRUE(database->execute_script("DELETE FROM users WHERE cid = 'cid-gone'"));

  const auto second = atrium::store::migrate(*database);
  ASSERT_TRUE(second) << why(second);
  EXPECT_EQ(second->from_version, 1);
  EXPECT_EQ(second->to_version, atrium::store::latest_schema_version());
  db_ = std::move(database);

  const auto owner = find_email("owner@example.com");
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->cid, "cid-owner");
  EXPECT_EQ(owner->email, "Owner@Example.com");
  EXPECT_EQ(owner->first, "Olga");
  EXPECT_EQ(owner->last, "Owner");
  EXPECT_EQ(owner->role, Role::kSuperAdmin);
  EXPECT_TRUE(owner->active);
  EXPECT_TRUE(owner->has_password);
  EXPECT_FALSE(owner->organisation_id.has_value());  // API Owners belong to no organisation
  EXPECT_EQ(owner->created_at, atrium::from_unix_ms(1000));
  EXPECT_EQ(owner->updated_at, atrium::from_unix_ms(2000));
  const auto hash = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(owner->id); });
  ASSERT_TRUE(hash) << why(hash);
  EXPECT_EQ(*hash, std::optional<std::string>("hash-1"));

  // Consumers land in the Default Organisation's default team.
  const atrium::Organisation fallback = default_organisation();
  const atrium::Team fallback_team = default_team(fallback.id);
  for (const char* email : {"dev@example.com", "stray@example.com"}) {
    const auto consumer = find_email(email);
    ASSERT_TRUE(consumer.has_value()) << email;
    EXPECT_EQ(consumer->organisation_id, std::optional(fallback.id)) << email;
    EXPECT_EQ(team_ids_of(consumer->id), std::vector<atrium::TeamId>{fallback_team.id}) << email;
  }
  const auto dev = find_email("dev@example.com");
  ASSERT_TRUE(dev.has_value());
  EXPECT_FALSE(dev->active);
  EXPECT_TRUE(dev->reset_password);
  EXPECT_FALSE(dev->has_password);

  // The token survived the rebuild of the users table and still finds its user.
  const auto grant = db().read_result([](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().find_by_hash("token-hash-1");
  });
  ASSERT_TRUE(grant) << why(grant);
  ASSERT_TRUE(grant->has_value());
  EXPECT_EQ((*grant)->user.id, owner->id);

  // The search keys were filled in.
  atrium::UserFilter filter;
  filter.search = "MCD";
  const auto found = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().list(filter, atrium::PageRequest{});
  });
  ASSERT_TRUE(found) << why(found);
  ASSERT_EQ(found->items.size(), 1U);
  EXPECT_EQ(found->items[0].id, dev->id);

  // Ids of deleted users are not reused, and organisation_id is now a foreign key.
  const auto next = create(new_user("next@example.com"));
  ASSERT_TRUE(next) << why(next);
  EXPECT_GT(next->id, gone_id);
  NewUser stray = new_user("nowhere@example.com");
  stray.organisation_id = 4242;
  const auto refused = create(stray);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << describe(refused.error());
}

TEST_P(StorageContract, MigratingToAnUnknownVersionIsRefused) {
  auto database = open();
  const auto refused =
      atrium::store::migrate(*database, atrium::store::latest_schema_version() + 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  const auto version = atrium::store::applied_schema_version(*database);
  ASSERT_TRUE(version) << why(version);
  EXPECT_EQ(*version, 0);
}

// --- users ---------------------------------------------------------------------------------------

TEST_P(StorageContract, CreatesAndFindsUsers) {
  const auto organisation = create_organisation("Analytical Engines");
  ASSERT_TRUE(organisation) << why(organisation);
  NewUser ada = new_user("Ada.Lovelace@Example.com", Role::kConsumerAdmin);
  ada.organisation_id = organisation->id;
  ada.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$salt$hash";
  ada.reset_password = true;
  ada.provider = "password";
  const auto created = create(ada);
  ASSERT_TRUE(created) << why(created);
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->email, "Ada.Lovelace@Example.com");
  EXPECT_TRUE(created->has_password);
  EXPECT_EQ(created->created_at, clock_.now());

  const auto by_id = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().find_by_id(created->id); });
  ASSERT_TRUE(by_id) << why(by_id);
  ASSERT_TRUE(by_id->has_value());
  const User& user = **by_id;
  EXPECT_EQ(user.id, created->id);
  EXPECT_EQ(user.cid, ada.cid);
  EXPECT_EQ(user.email, "Ada.Lovelace@Example.com");  // stored as given
  EXPECT_EQ(user.first, "First");
  EXPECT_EQ(user.last, "Last");
  EXPECT_EQ(user.role, Role::kConsumerAdmin);
  EXPECT_TRUE(user.active);
  EXPECT_EQ(user.organisation_id, std::optional<long long>(organisation->id));
  EXPECT_TRUE(user.reset_password);
  EXPECT_EQ(user.provider, "password");
  EXPECT_TRUE(user.has_password);
  EXPECT_EQ(user.created_at, clock_.now());
  EXPECT_EQ(user.updated_at, clock_.now());

  // Email lookups ignore case.
  const auto by_email = find_email("ada.lovelace@EXAMPLE.COM");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, created->id);
  EXPECT_FALSE(find_email("nobody@example.com").has_value());
  const auto missing = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().find_by_id(created->id + 1000);
  });
  ASSERT_TRUE(missing) << why(missing);
  EXPECT_FALSE(missing->has_value());

  const auto hash = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(created->id); });
  ASSERT_TRUE(hash) << why(hash);
  EXPECT_EQ(*hash, ada.password_hash);

  // No password, no organisation, inactive.
  NewUser grace = new_user("grace@example.com", Role::kConsumerTeamMember);
  grace.active = false;
  const auto plain = create(grace);
  ASSERT_TRUE(plain) << why(plain);
  EXPECT_NE(plain->id, created->id);
  const auto found = find_email("grace@example.com");
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_password);
  EXPECT_FALSE(found->active);
  EXPECT_FALSE(found->reset_password);
  EXPECT_FALSE(found->organisation_id.has_value());
  EXPECT_EQ(found->role, Role::kConsumerTeamMember);
  const auto no_hash = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(plain->id); });
  ASSERT_TRUE(no_hash) << why(no_hash);
  EXPECT_FALSE(no_hash->has_value());
  const auto unknown = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().password_hash(plain->id + 99);
  });
  ASSERT_TRUE(unknown) << why(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(StorageContract, DuplicateEmailInAnotherCaseIsAConflict) {
  ASSERT_TRUE(create(new_user("bob@example.com")));
  const auto duplicate = create(new_user("BOB@Example.COM"));
  ASSERT_FALSE(duplicate);
  const Error& error = duplicate.error();
  EXPECT_EQ(error.code, ErrorCode::kConflict) << describe(error);
  EXPECT_EQ(error.id, "user.email_taken");
  ASSERT_EQ(error.fields.size(), 1U);
  EXPECT_EQ(error.fields[0].field, "Email");
  // Nothing of the SQL reaches the client message.
  EXPECT_EQ(error.message.find("UNIQUE"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("email_key"), std::string::npos) << error.message;
  const auto bob = find_email("bob@example.com");
  ASSERT_TRUE(bob.has_value());
  EXPECT_EQ(bob->email, "bob@example.com");
}

TEST_P(StorageContract, ErrorDetailsForTheLogCarryNoBoundValues) {
  // SOCI appends bound values to its messages; password hashes must never reach a log line.
  NewUser first = new_user("hash@example.com");
  first.password_hash = "$argon2id$v=19$SECRET-HASH-MARKER";
  ASSERT_TRUE(create(first));
  NewUser second = new_user("HASH@example.com");
  second.password_hash = "$argon2id$v=19$SECRET-HASH-MARKER";
  const auto duplicate = create(second);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().detail.find("SECRET-HASH-MARKER"), std::string::npos)
      << duplicate.error().detail;
  EXPECT_EQ(duplicate.error().message.find("SECRET-HASH-MARKER"), std::string::npos);
}

TEST_P(StorageContract, AConflictLeavesTheTransactionUsable) {
  ASSERT_TRUE(create(new_user("taken@example.com")));
  const Status status = db().write([&](Transaction& tx) -> Status {
    auto duplicate =
        tx.get<atrium::UserRepository>().create(new_user("Taken@example.com"), clock_.now());
    if (duplicate || duplicate.error().id != "user.email_taken") {
      return atrium::fail(atrium::internal_error("expected user.email_taken"));
    }
    // The domain may carry on after a conflict, on PostgreSQL too.
    auto other =
        tx.get<atrium::UserRepository>().create(new_user("other@example.com"), clock_.now());
    if (!other) return atrium::fail(other.error());
    return atrium::ok();
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_TRUE(find_email("other@example.com").has_value());
}

TEST_P(StorageContract, CountsApiOwners) {
  const auto none = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::UserRepository>().count_api_owners(); });
  ASSERT_TRUE(none) << why(none);
  EXPECT_EQ(*none, 0);
  ASSERT_TRUE(create(new_user("super@example.com", Role::kSuperAdmin)));
  ASSERT_TRUE(create(new_user("provider@example.com", Role::kProviderAdmin)));
  ASSERT_TRUE(create(new_user("admin@example.com", Role::kConsumerAdmin)));
  ASSERT_TRUE(create(new_user("member@example.com", Role::kConsumerTeamMember)));
  const auto owners = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::UserRepository>().count_api_owners(); });
  ASSERT_TRUE(owners) << why(owners);
  EXPECT_EQ(*owners, 2);
}

// --- API tokens ----------------------------------------------------------------------------------

TEST_P(StorageContract, ApiTokenLifecycle) {
  const auto owner = create(new_user("owner@example.com", Role::kSuperAdmin));
  ASSERT_TRUE(owner) << why(owner);
  const auto other = create(new_user("other@example.com", Role::kProviderAdmin));
  ASSERT_TRUE(other) << why(other);

  const ApiToken first = create_token(owner->id, "hash-1");
  const ApiToken second = create_token(owner->id, "hash-2");
  EXPECT_GT(first.id, 0);
  EXPECT_NE(first.id, second.id);
  EXPECT_EQ(first.user_id, owner->id);
  EXPECT_EQ(first.name, "token hash-1");
  EXPECT_EQ(first.created_at, clock_.now());
  EXPECT_FALSE(first.last_used_at.has_value());
  EXPECT_FALSE(first.revoked_at.has_value());

  const auto grant = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::ApiTokenRepository>().find_by_hash("hash-1"); });
  ASSERT_TRUE(grant) << why(grant);
  ASSERT_TRUE(grant->has_value());
  EXPECT_EQ((*grant)->token.id, first.id);
  EXPECT_EQ((*grant)->user.id, owner->id);
  EXPECT_EQ((*grant)->user.email, "owner@example.com");
  EXPECT_EQ((*grant)->user.role, Role::kSuperAdmin);
  const auto unknown = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::ApiTokenRepository>().find_by_hash("nope"); });
  ASSERT_TRUE(unknown) << why(unknown);
  EXPECT_FALSE(unknown->has_value());

  clock_.advance(1500ms);
  const auto used_at = clock_.now();
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().touch(first.id, used_at);
  }));

  // Only the owner can revoke, and only once.
  clock_.advance(1000ms);
  const auto revoked_at = clock_.now();
  const auto by_other = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().revoke(other->id, first.id, revoked_at);
  });
  ASSERT_TRUE(by_other) << why(by_other);
  EXPECT_FALSE(*by_other);
  const auto revoked = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().revoke(owner->id, first.id, revoked_at);
  });
  ASSERT_TRUE(revoked) << why(revoked);
  EXPECT_TRUE(*revoked);
  const auto again = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().revoke(owner->id, first.id, revoked_at);
  });
  ASSERT_TRUE(again) << why(again);
  EXPECT_FALSE(*again);
  const auto missing = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().revoke(owner->id, 987654, revoked_at);
  });
  ASSERT_TRUE(missing) << why(missing);
  EXPECT_FALSE(*missing);

  // A revoked token no longer authenticates; the other one still does.
  const auto gone = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::ApiTokenRepository>().find_by_hash("hash-1"); });
  ASSERT_TRUE(gone) << why(gone);
  EXPECT_FALSE(gone->has_value());
  const auto still = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::ApiTokenRepository>().find_by_hash("hash-2"); });
  ASSERT_TRUE(still) << why(still);
  EXPECT_TRUE(still->has_value());

  const auto listed = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().list_for_user(owner->id);
  });
  ASSERT_TRUE(listed) << why(listed);
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].id, first.id);
  EXPECT_EQ((*listed)[0].last_used_at, std::optional(used_at));
  EXPECT_EQ((*listed)[0].revoked_at, std::optional(revoked_at));
  EXPECT_EQ((*listed)[1].id, second.id);
  EXPECT_FALSE((*listed)[1].revoked_at.has_value());
  const auto others = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().list_for_user(other->id);
  });
  ASSERT_TRUE(others) << why(others);
  EXPECT_TRUE(others->empty());
}

TEST_P(StorageContract, ForeignKeyViolationIsAConflict) {
  db();
  const auto token = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().create(424242, "orphan", "hash-orphan",
                                                       clock_.now());
  });
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kConflict) << describe(token.error());
}

TEST_P(StorageContract, DuplicateTokenHashIsAConflict) {
  const auto owner = create(new_user("owner@example.com", Role::kSuperAdmin));
  ASSERT_TRUE(owner) << why(owner);
  create_token(owner->id, "same-hash");
  const auto duplicate = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().create(owner->id, "again", "same-hash",
                                                       clock_.now());
  });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict) << describe(duplicate.error());
}

// --- bootstrap marker ----------------------------------------------------------------------------

TEST_P(StorageContract, MarkBootstrappedTwiceIsAConflict) {
  const Status first = db().write([&](Transaction& tx) {
    return tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now());
  });
  ASSERT_TRUE(first) << why(first);
  const Status second = db().write([&](Transaction& tx) {
    return tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now());
  });
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second.error().id, "bootstrap.done");
}

TEST_P(StorageContract, ConcurrentMarkBootstrappedSucceedsExactlyOnce) {
  constexpr int kThreads = 8;
  auto second_pool = open();  // half the threads come through another "process"
  SociDatabase* pools[2] = {&db(), second_pool.get()};
  std::latch start(kThreads);
  std::atomic<int> successes{0};
  std::atomic<int> conflicts{0};
  std::vector<std::string> others(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      const Status status = pools[i % 2]->write([&](Transaction& tx) -> Status {
        ATRIUM_TRY(tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now()));
        // A little work inside the transaction widens the race window.
        auto owners = tx.get<atrium::UserRepository>().count_api_owners();
        if (!owners) return atrium::fail(owners.error());
        return atrium::ok();
      });
      if (status) {
        ++successes;
      } else if (status.error().id == "bootstrap.done") {
        ++conflicts;
      } else {
        others[static_cast<std::size_t>(i)] = describe(status.error());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(successes.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  for (const auto& other : others) EXPECT_EQ(other, "");
}

// --- transactions --------------------------------------------------------------------------------

TEST_P(StorageContract, WorkReturningAnErrorRollsBack) {
  const Status status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(
        tx.get<atrium::UserRepository>().create(new_user("ghost@example.com"), clock_.now()));
    ATRIUM_TRY(tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now()));
    return atrium::fail(atrium::conflict("test.abort", "changed my mind"));
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().id, "test.abort");
  EXPECT_FALSE(find_email("ghost@example.com").has_value());
  // The marker was rolled back too.
  EXPECT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now());
  }));
}

TEST_P(StorageContract, WorkThrowingRollsBackWithoutThrowing) {
  Status status = atrium::ok();
  EXPECT_NO_THROW(status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(
        tx.get<atrium::UserRepository>().create(new_user("thrower@example.com"), clock_.now()));
    throw std::runtime_error("boom");
  }));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(find_email("thrower@example.com").has_value());
  EXPECT_EQ(db().pool_in_use(), 0U);
}

TEST_P(StorageContract, UnexpectedSqlErrorBecomesInternalWithoutThrowing) {
  ASSERT_TRUE(db().execute_script("DROP TABLE api_tokens"));

  Result<std::vector<ApiToken>> listed = std::vector<ApiToken>{};
  EXPECT_NO_THROW(listed = db().read_result([](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().list_for_user(1);
  }));
  ASSERT_FALSE(listed);
  const Error& error = listed.error();
  EXPECT_EQ(error.code, ErrorCode::kInternal) << describe(error);
  EXPECT_EQ(error.message, "internal error");  // never the SQL
  EXPECT_NE(error.detail.find("api_tokens"), std::string::npos) << error.detail;

  // Work that ignores the error cannot commit what it did before it.
  Status status = atrium::ok();
  EXPECT_NO_THROW(status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(
        tx.get<atrium::UserRepository>().create(new_user("partial@example.com"), clock_.now()));
    (void)tx.get<atrium::ApiTokenRepository>().find_by_hash("anything");
    return atrium::ok();
  }));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(find_email("partial@example.com").has_value());
}

TEST_P(StorageContract, WritesInsideAReadAreNeverKept) {
  db();
  (void)db().read([&](Transaction& tx) -> Status {
    (void)tx.get<atrium::UserRepository>().create(new_user("sneaky@example.com"), clock_.now());
    return atrium::ok();
  });
  EXPECT_FALSE(find_email("sneaky@example.com").has_value());
}

TEST_P(StorageContract, PoolUseIsCountedDuringATransaction) {
  EXPECT_EQ(db().pool_size(), 4U);
  EXPECT_EQ(db().pool_in_use(), 0U);
  std::size_t in_write = 0;
  std::size_t in_nested_read = 0;
  const Status status = db().write([&](Transaction&) -> Status {
    in_write = db().pool_in_use();
    return db().read([&](Transaction&) -> Status {
      in_nested_read = db().pool_in_use();
      return atrium::ok();
    });
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_EQ(in_write, 1U);
  EXPECT_EQ(in_nested_read, 2U);
  EXPECT_EQ(db().pool_in_use(), 0U);
  (void)db().write([](Transaction&) { return atrium::fail(atrium::internal_error("x")); });
  EXPECT_EQ(db().pool_in_use(), 0U);
}

TEST_P(StorageContract, SharedReadsUseOneSnapshotUntilAWrite) {
  make_user(new_user("first@example.com"));
  auto other = open();  // another process's pool
  {
    const atrium::SharedReads scope(&db());
    EXPECT_TRUE(find_email("first@example.com").has_value());
    EXPECT_EQ(db().pool_in_use(), 1U);  // the shared transaction stays open between reads
    // A change committed elsewhere is not seen by later reads of the scope: one snapshot.
    const Status elsewhere = other->write([&](Transaction& tx) -> Status {
      auto created =
          tx.get<atrium::UserRepository>().create(new_user("elsewhere@example.com"), clock_.now());
      return created ? atrium::ok() : atrium::fail(created.error());
    });
    ASSERT_TRUE(elsewhere) << why(elsewhere);
    EXPECT_FALSE(find_email("elsewhere@example.com").has_value());
    EXPECT_EQ(db().pool_in_use(), 1U);
    // A read whose work fails leaves the shared transaction usable.
    const Status refused = db().read([](Transaction&) -> Status {
      return atrium::fail(atrium::not_found("x.not_found", "no such thing"));
    });
    EXPECT_FALSE(refused);
    EXPECT_FALSE(find_email("elsewhere@example.com").has_value());
    // A write of the scope ends the shared transaction: later reads see it and the other change.
    make_user(new_user("second@example.com"));
    EXPECT_TRUE(find_email("second@example.com").has_value());
    EXPECT_TRUE(find_email("elsewhere@example.com").has_value());
    // Also when the write's work reads on the side (a snapshot taken before its commit).
    const Status with_side_read = db().write([&](Transaction& tx) -> Status {
      EXPECT_FALSE(find_email("third@example.com").has_value());
      auto created =
          tx.get<atrium::UserRepository>().create(new_user("third@example.com"), clock_.now());
      return created ? atrium::ok() : atrium::fail(created.error());
    });
    ASSERT_TRUE(with_side_read) << why(with_side_read);
    EXPECT_TRUE(find_email("third@example.com").has_value());
  }
  EXPECT_EQ(db().pool_in_use(), 0U);
}

TEST_P(StorageContract, SharedReadsNestAndEndWithTheOutermostScope) {
  make_user(new_user("first@example.com"));
  {
    const atrium::SharedReads outer(&db());
    {
      const atrium::SharedReads inner(&db());
      EXPECT_TRUE(find_email("first@example.com").has_value());
    }
    EXPECT_EQ(db().pool_in_use(), 1U);  // still the outer scope's
    // Another database's scope on the same thread does not take effect.
    auto other = open();
    EXPECT_FALSE(other->begin_shared_reads());
  }
  EXPECT_EQ(db().pool_in_use(), 0U);
  // A broken statement ends the shared transaction (on PostgreSQL it could run nothing more);
  // the next read begins a fresh one.
  ASSERT_TRUE(db().execute_script("DROP TABLE api_tokens"));
  {
    const atrium::SharedReads scope(&db());
    EXPECT_TRUE(find_email("first@example.com").has_value());
    auto broken = db().read_result(
        [](Transaction& tx) { return tx.get<atrium::ApiTokenRepository>().list_for_user(1); });
    EXPECT_FALSE(broken);
    EXPECT_TRUE(find_email("first@example.com").has_value());
  }
  EXPECT_EQ(db().pool_in_use(), 0U);
}

TEST_P(StorageContract, ConcurrentWritersAllSucceed) {
  constexpr int kThreads = 6;
  constexpr int kUsersEach = 15;
  db();
  std::latch start(kThreads);
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kUsersEach; ++i) {
        const NewUser user =
            new_user("user" + std::to_string(t) + "-" + std::to_string(i) + "@example.com");
        auto created = db().write_result([&](Transaction& tx) {
          return tx.get<atrium::UserRepository>().create(user, clock_.now());
        });
        if (!created) {
          failures[static_cast<std::size_t>(t)] = describe(created.error());
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  EXPECT_TRUE(find_email("user5-14@example.com").has_value());
}

TEST_P(StorageContract, SqliteWriterWaitingPastBusyTimeoutIsUnavailable) {
  if (is_postgres()) GTEST_SKIP() << "SQLite's single-writer lock";
  db();
  DatabaseOptions impatient = options_;
  impatient.busy_timeout = 200ms;
  auto other_process = atrium::store::open_database(impatient);

  std::latch holding(1);
  std::latch done(1);
  std::thread holder([&] {
    (void)db().write([&](Transaction&) -> Status {
      holding.count_down();
      done.wait();
      return atrium::ok();
    });
  });
  holding.wait();
  const Status blocked = other_process->write([&](Transaction& tx) {
    return tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now());
  });
  done.count_down();
  holder.join();
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable) << describe(blocked.error());
  EXPECT_EQ(blocked.error().id, "database.unavailable");
  // Reads are not blocked by a writer (WAL).
  EXPECT_TRUE(other_process->read([](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::UserRepository>().count_api_owners());
    return atrium::ok();
  }));
}

// --- PostgreSQL outages --------------------------------------------------------------------------

TEST_P(StorageContract, PostgresPoolHealsAfterItsConnectionsAreKilled) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL connections can die; SQLite files cannot";
  ASSERT_TRUE(create(new_user("before@example.com")));
  // Every pooled connection is open (the pool opens them all); kill them as a restart would.
  scratch_->terminate_connections();

  // Four transactions at once lease all four dead connections: each must heal.
  std::latch all_in(4);
  std::vector<std::string> failures(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      const Status status = db().read([&](Transaction& tx) -> Status {
        all_in.arrive_and_wait();
        ATRIUM_TRY(tx.get<atrium::UserRepository>().count_api_owners());
        return atrium::ok();
      });
      if (!status) failures[i] = describe(status.error());
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");

  for (int i = 0; i < 6; ++i) {
    const auto found = db().read_result([](Transaction& tx) {
      return tx.get<atrium::UserRepository>().find_by_email("before@example.com");
    });
    ASSERT_TRUE(found) << "attempt " << i << ": " << why(found);
    EXPECT_TRUE(found->has_value());
  }
  EXPECT_TRUE(create(new_user("after@example.com")));
  EXPECT_TRUE(db().check());
}

TEST_P(StorageContract, PostgresUnreachableIsUnavailable) {
  if (!is_postgres()) GTEST_SKIP() << "needs a server to lose";
  ASSERT_TRUE(db().check());
  scratch_->drop();
  const Status readiness = db().check();
  ASSERT_FALSE(readiness);
  EXPECT_EQ(readiness.error().code, ErrorCode::kUnavailable) << describe(readiness.error());
  EXPECT_EQ(readiness.error().id, "database.unavailable");
  Status write = atrium::ok();
  EXPECT_NO_THROW(write = db().write([&](Transaction& tx) {
    return tx.get<atrium::SystemRepository>().mark_bootstrapped(clock_.now());
  }));
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, ErrorCode::kUnavailable) << describe(write.error());
  EXPECT_EQ(db().pool_in_use(), 0U);
}

ATRIUM_CONTRACT_BACKENDS(StorageContract);

}  // namespace
