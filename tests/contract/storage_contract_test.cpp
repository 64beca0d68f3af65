// The storage contract of src/domain/storage.hpp, checked against every backend in src/store.
// Each test gets its own empty database: a temporary SQLite file, or a scratch PostgreSQL
// database on the server named by ATRIUM_TEST_PG.

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

#include "core/clock.hpp"
#include "domain/storage.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/manual_clock.hpp"
#include "support/postgres_env.hpp"
#include "support/temp_dir.hpp"

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
using atrium::store::DatabaseOptions;
using atrium::store::SociDatabase;
using namespace std::chrono_literals;

std::string describe(const Error& e) {
  return std::string(atrium::to_string(e.code)) + " " + e.id + ": " + e.message + " [" + e.detail +
         "]";
}

// Prints the error of a failed Result in an assertion message.
template <typename T>
std::string why(const Result<T>& result) {
  return result ? std::string("ok") : describe(result.error());
}

class StorageContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    options_.dialect = GetParam();
    options_.pool_size = 4;
    options_.busy_timeout = 10s;
    if (is_postgres()) {
      ATRIUM_REQUIRE_TEST_POSTGRES();
      scratch_ = std::make_unique<atrium::testing::ScratchPostgresDatabase>(
          *atrium::testing::test_postgres_server());
      options_.connection_string = scratch_->connection_string();
    } else {
      // A directory that does not exist yet: opening must create it.
      options_.connection_string = temp_.file("data/atrium.db");
    }
  }

  bool is_postgres() const { return GetParam() == "postgres"; }

  // Another pool on the same database, as a second server process would have.
  std::unique_ptr<SociDatabase> open() { return atrium::store::open_database(options_); }

  // The migrated database most tests use.
  SociDatabase& db() {
    if (!db_) {
      db_ = open();
      const auto migrated = atrium::store::migrate(*db_);
      EXPECT_TRUE(migrated) << why(migrated);
    }
    return *db_;
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
    return db().write_result(
        [&](Transaction& tx) { return tx.users().create(user, clock_.now()); });
  }

  std::optional<User> find_email(const std::string& email) {
    auto found = db().read_result([&](Transaction& tx) { return tx.users().find_by_email(email); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  ApiToken create_token(atrium::UserId user, const std::string& hash) {
    auto token = db().write_result([&](Transaction& tx) {
      return tx.api_tokens().create(user, "token " + hash, hash, clock_.now());
    });
    EXPECT_TRUE(token) << why(token);
    return token ? *token : ApiToken{};
  }

  atrium::testing::ManualClock clock_;
  atrium::testing::TempDir temp_;
  std::unique_ptr<atrium::testing::ScratchPostgresDatabase> scratch_;
  DatabaseOptions options_;
  std::unique_ptr<SociDatabase> db_;  // declared last: closed before the database is dropped
  std::atomic<int> counter_{0};
};

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

// --- users ---------------------------------------------------------------------------------------

TEST_P(StorageContract, CreatesAndFindsUsers) {
  NewUser ada = new_user("Ada.Lovelace@Example.com", Role::kConsumerAdmin);
  ada.organisation_id = 42;
  ada.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$salt$hash";
  ada.reset_password = true;
  ada.provider = "password";
  const auto created = create(ada);
  ASSERT_TRUE(created) << why(created);
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->email, "Ada.Lovelace@Example.com");
  EXPECT_TRUE(created->has_password);
  EXPECT_EQ(created->created_at, clock_.now());

  const auto by_id =
      db().read_result([&](Transaction& tx) { return tx.users().find_by_id(created->id); });
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
  EXPECT_EQ(user.organisation_id, std::optional<long long>(42));
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
  const auto missing =
      db().read_result([&](Transaction& tx) { return tx.users().find_by_id(created->id + 1000); });
  ASSERT_TRUE(missing) << why(missing);
  EXPECT_FALSE(missing->has_value());

  const auto hash =
      db().read_result([&](Transaction& tx) { return tx.users().password_hash(created->id); });
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
  const auto no_hash =
      db().read_result([&](Transaction& tx) { return tx.users().password_hash(plain->id); });
  ASSERT_TRUE(no_hash) << why(no_hash);
  EXPECT_FALSE(no_hash->has_value());
  const auto unknown =
      db().read_result([&](Transaction& tx) { return tx.users().password_hash(plain->id + 99); });
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

TEST_P(StorageContract, AConflictLeavesTheTransactionUsable) {
  ASSERT_TRUE(create(new_user("taken@example.com")));
  const Status status = db().write([&](Transaction& tx) -> Status {
    auto duplicate = tx.users().create(new_user("Taken@example.com"), clock_.now());
    if (duplicate || duplicate.error().id != "user.email_taken") {
      return atrium::fail(atrium::internal_error("expected user.email_taken"));
    }
    // The domain may carry on after a conflict, on PostgreSQL too.
    auto other = tx.users().create(new_user("other@example.com"), clock_.now());
    if (!other) return atrium::fail(other.error());
    return atrium::ok();
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_TRUE(find_email("other@example.com").has_value());
}

TEST_P(StorageContract, CountsApiOwners) {
  const auto none = db().read_result([](Transaction& tx) { return tx.users().count_api_owners(); });
  ASSERT_TRUE(none) << why(none);
  EXPECT_EQ(*none, 0);
  ASSERT_TRUE(create(new_user("super@example.com", Role::kSuperAdmin)));
  ASSERT_TRUE(create(new_user("provider@example.com", Role::kProviderAdmin)));
  ASSERT_TRUE(create(new_user("admin@example.com", Role::kConsumerAdmin)));
  ASSERT_TRUE(create(new_user("member@example.com", Role::kConsumerTeamMember)));
  const auto owners =
      db().read_result([](Transaction& tx) { return tx.users().count_api_owners(); });
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

  const auto grant =
      db().read_result([](Transaction& tx) { return tx.api_tokens().find_by_hash("hash-1"); });
  ASSERT_TRUE(grant) << why(grant);
  ASSERT_TRUE(grant->has_value());
  EXPECT_EQ((*grant)->token.id, first.id);
  EXPECT_EQ((*grant)->user.id, owner->id);
  EXPECT_EQ((*grant)->user.email, "owner@example.com");
  EXPECT_EQ((*grant)->user.role, Role::kSuperAdmin);
  const auto unknown =
      db().read_result([](Transaction& tx) { return tx.api_tokens().find_by_hash("nope"); });
  ASSERT_TRUE(unknown) << why(unknown);
  EXPECT_FALSE(unknown->has_value());

  clock_.advance(1500ms);
  const auto used_at = clock_.now();
  ASSERT_TRUE(
      db().write([&](Transaction& tx) { return tx.api_tokens().touch(first.id, used_at); }));

  // Only the owner can revoke, and only once.
  clock_.advance(1000ms);
  const auto revoked_at = clock_.now();
  const auto by_other = db().write_result(
      [&](Transaction& tx) { return tx.api_tokens().revoke(other->id, first.id, revoked_at); });
  ASSERT_TRUE(by_other) << why(by_other);
  EXPECT_FALSE(*by_other);
  const auto revoked = db().write_result(
      [&](Transaction& tx) { return tx.api_tokens().revoke(owner->id, first.id, revoked_at); });
  ASSERT_TRUE(revoked) << why(revoked);
  EXPECT_TRUE(*revoked);
  const auto again = db().write_result(
      [&](Transaction& tx) { return tx.api_tokens().revoke(owner->id, first.id, revoked_at); });
  ASSERT_TRUE(again) << why(again);
  EXPECT_FALSE(*again);
  const auto missing = db().write_result(
      [&](Transaction& tx) { return tx.api_tokens().revoke(owner->id, 987654, revoked_at); });
  ASSERT_TRUE(missing) << why(missing);
  EXPECT_FALSE(*missing);

  // A revoked token no longer authenticates; the other one still does.
  const auto gone =
      db().read_result([](Transaction& tx) { return tx.api_tokens().find_by_hash("hash-1"); });
  ASSERT_TRUE(gone) << why(gone);
  EXPECT_FALSE(gone->has_value());
  const auto still =
      db().read_result([](Transaction& tx) { return tx.api_tokens().find_by_hash("hash-2"); });
  ASSERT_TRUE(still) << why(still);
  EXPECT_TRUE(still->has_value());

  const auto listed =
      db().read_result([&](Transaction& tx) { return tx.api_tokens().list_for_user(owner->id); });
  ASSERT_TRUE(listed) << why(listed);
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].id, first.id);
  EXPECT_EQ((*listed)[0].last_used_at, std::optional(used_at));
  EXPECT_EQ((*listed)[0].revoked_at, std::optional(revoked_at));
  EXPECT_EQ((*listed)[1].id, second.id);
  EXPECT_FALSE((*listed)[1].revoked_at.has_value());
  const auto others =
      db().read_result([&](Transaction& tx) { return tx.api_tokens().list_for_user(other->id); });
  ASSERT_TRUE(others) << why(others);
  EXPECT_TRUE(others->empty());
}

TEST_P(StorageContract, ForeignKeyViolationIsAConflict) {
  db();
  const auto token = db().write_result([&](Transaction& tx) {
    return tx.api_tokens().create(424242, "orphan", "hash-orphan", clock_.now());
  });
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kConflict) << describe(token.error());
}

TEST_P(StorageContract, DuplicateTokenHashIsAConflict) {
  const auto owner = create(new_user("owner@example.com", Role::kSuperAdmin));
  ASSERT_TRUE(owner) << why(owner);
  create_token(owner->id, "same-hash");
  const auto duplicate = db().write_result([&](Transaction& tx) {
    return tx.api_tokens().create(owner->id, "again", "same-hash", clock_.now());
  });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict) << describe(duplicate.error());
}

// --- bootstrap marker ----------------------------------------------------------------------------

TEST_P(StorageContract, MarkBootstrappedTwiceIsAConflict) {
  const Status first =
      db().write([&](Transaction& tx) { return tx.system().mark_bootstrapped(clock_.now()); });
  ASSERT_TRUE(first) << why(first);
  const Status second =
      db().write([&](Transaction& tx) { return tx.system().mark_bootstrapped(clock_.now()); });
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
        ATRIUM_TRY(tx.system().mark_bootstrapped(clock_.now()));
        // A little work inside the transaction widens the race window.
        auto owners = tx.users().count_api_owners();
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
    ATRIUM_TRY(tx.users().create(new_user("ghost@example.com"), clock_.now()));
    ATRIUM_TRY(tx.system().mark_bootstrapped(clock_.now()));
    return atrium::fail(atrium::conflict("test.abort", "changed my mind"));
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().id, "test.abort");
  EXPECT_FALSE(find_email("ghost@example.com").has_value());
  // The marker was rolled back too.
  EXPECT_TRUE(
      db().write([&](Transaction& tx) { return tx.system().mark_bootstrapped(clock_.now()); }));
}

TEST_P(StorageContract, WorkThrowingRollsBackWithoutThrowing) {
  Status status = atrium::ok();
  EXPECT_NO_THROW(status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.users().create(new_user("thrower@example.com"), clock_.now()));
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
  EXPECT_NO_THROW(
      listed = db().read_result([](Transaction& tx) { return tx.api_tokens().list_for_user(1); }));
  ASSERT_FALSE(listed);
  const Error& error = listed.error();
  EXPECT_EQ(error.code, ErrorCode::kInternal) << describe(error);
  EXPECT_EQ(error.message, "internal error");  // never the SQL
  EXPECT_NE(error.detail.find("api_tokens"), std::string::npos) << error.detail;

  // Work that ignores the error cannot commit what it did before it.
  Status status = atrium::ok();
  EXPECT_NO_THROW(status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.users().create(new_user("partial@example.com"), clock_.now()));
    (void)tx.api_tokens().find_by_hash("anything");
    return atrium::ok();
  }));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(find_email("partial@example.com").has_value());
}

TEST_P(StorageContract, WritesInsideAReadAreNeverKept) {
  db();
  (void)db().read([&](Transaction& tx) -> Status {
    (void)tx.users().create(new_user("sneaky@example.com"), clock_.now());
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
        auto created = db().write_result(
            [&](Transaction& tx) { return tx.users().create(user, clock_.now()); });
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
  const Status blocked = other_process->write(
      [&](Transaction& tx) { return tx.system().mark_bootstrapped(clock_.now()); });
  done.count_down();
  holder.join();
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable) << describe(blocked.error());
  EXPECT_EQ(blocked.error().id, "database.unavailable");
  // Reads are not blocked by a writer (WAL).
  EXPECT_TRUE(other_process->read([](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.users().count_api_owners());
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
        ATRIUM_TRY(tx.users().count_api_owners());
        return atrium::ok();
      });
      if (!status) failures[i] = describe(status.error());
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");

  for (int i = 0; i < 6; ++i) {
    const auto found = db().read_result(
        [](Transaction& tx) { return tx.users().find_by_email("before@example.com"); });
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
    return tx.system().mark_bootstrapped(clock_.now());
  }));
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, ErrorCode::kUnavailable) << describe(write.error());
  EXPECT_EQ(db().pool_in_use(), 0U);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContract, ::testing::Values("sqlite3", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& instance) {
                           return instance.param;
                         });

}  // namespace
