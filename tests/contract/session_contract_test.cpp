// Sessions and login throttling (migration 0003), on every backend.

#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/auth/throttle_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace {

using atrium::ErrorCode;
using atrium::NewSession;
using atrium::Result;
using atrium::Session;
using atrium::SessionId;
using atrium::Status;
using atrium::ThrottleRepository;
using atrium::TimePoint;
using atrium::Transaction;
using atrium::UserId;
using atrium::contract::describe;
using atrium::contract::ids_of;
using atrium::contract::why;
using atrium::store::SociDatabase;
using namespace std::chrono_literals;

using Ids = std::vector<long long>;

class SessionContract : public atrium::contract::ContractTest {
 protected:
  NewSession new_session(UserId user, const std::string& hash, TimePoint created) {
    NewSession session;
    session.token_hash = hash;
    session.user_id = user;
    session.created_at = created;
    session.expires_at = created + 24h;
    session.source_address = "192.0.2.7";
    session.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
    return session;
  }

  Result<Session> create_session(const NewSession& session) {
    return db().write_result(
        [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().create(session); });
  }

  // Creates a session or fails the test.
  Session make_session(UserId user, const std::string& hash, TimePoint created) {
    auto created_session = create_session(new_session(user, hash, created));
    EXPECT_TRUE(created_session) << why(created_session);
    return created_session ? *created_session : Session{};
  }

  std::optional<Session> find(const std::string& hash) {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().find_by_hash(hash); });
    EXPECT_TRUE(found) << why(found);
    if (!found || !*found) return std::nullopt;
    // The session comes with its own user.
    EXPECT_EQ((*found)->user.id, (*found)->session.user_id);
    EXPECT_FALSE((*found)->user.email.empty());
    return (*found)->session;
  }

  Ids listed(UserId user) {
    auto sessions = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().list_for_user(user); });
    EXPECT_TRUE(sessions) << why(sessions);
    return sessions ? ids_of(*sessions) : Ids{};
  }

  void touch(SessionId id, TimePoint at) {
    const Status status = db().write(
        [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().touch(id, at); });
    EXPECT_TRUE(status) << why(status);
  }

  long long remove_for_user(UserId user, std::optional<SessionId> keep) {
    auto removed = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::SessionRepository>().remove_for_user(user, keep);
    });
    EXPECT_TRUE(removed) << why(removed);
    return removed ? *removed : -1;
  }

  long long remove_expired(TimePoint now, TimePoint idle_before) {
    auto removed = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::SessionRepository>().remove_expired(now, idle_before);
    });
    EXPECT_TRUE(removed) << why(removed);
    return removed ? *removed : -1;
  }

  static void expect_same(const Session& actual, const Session& expected) {
    EXPECT_EQ(actual.id, expected.id);
    EXPECT_EQ(actual.user_id, expected.user_id);
    EXPECT_EQ(actual.created_at, expected.created_at);
    EXPECT_EQ(actual.last_seen_at, expected.last_seen_at);
    EXPECT_EQ(actual.expires_at, expected.expires_at);
    EXPECT_EQ(actual.source_address, expected.source_address);
    EXPECT_EQ(actual.user_agent, expected.user_agent);
  }
};

class ThrottleContract : public atrium::contract::ContractTest {
 protected:
  void record(std::string_view key, TimePoint at, SociDatabase* database = nullptr) {
    SociDatabase& target = database != nullptr ? *database : db();
    const Status status = target.write(
        [&](Transaction& tx) { return tx.get<atrium::ThrottleRepository>().record(key, at); });
    EXPECT_TRUE(status) << why(status);
  }

  ThrottleRepository::Count count(std::string_view key, TimePoint since) {
    auto counted = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::ThrottleRepository>().count_since(key, since);
    });
    EXPECT_TRUE(counted) << why(counted);
    return counted ? *counted : ThrottleRepository::Count{-1, std::nullopt};
  }

  void clear(std::string_view key) {
    const Status status = db().write(
        [&](Transaction& tx) { return tx.get<atrium::ThrottleRepository>().clear(key); });
    EXPECT_TRUE(status) << why(status);
  }

  long long remove_older_than(TimePoint before) {
    auto removed = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::ThrottleRepository>().remove_older_than(before);
    });
    EXPECT_TRUE(removed) << why(removed);
    return removed ? *removed : -1;
  }
};

// --- sessions ------------------------------------------------------------------------------------

TEST_P(SessionContract, CreatesFindsTouchesAndRemovesSessions) {
  const auto user = make_user(new_user("ada@example.com"));
  // Stored to the millisecond: what create answers is what find reads back.
  const TimePoint t0 = clock_.now() + 123456us;
  const Session created = make_session(user.id, "hash-a", t0);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.user_id, user.id);
  EXPECT_EQ(created.created_at, atrium::from_unix_ms(atrium::to_unix_ms(t0)));
  EXPECT_EQ(created.last_seen_at, created.created_at);
  EXPECT_EQ(created.expires_at, atrium::from_unix_ms(atrium::to_unix_ms(t0 + 24h)));
  EXPECT_EQ(created.source_address, "192.0.2.7");
  EXPECT_EQ(created.user_agent, "Mozilla/5.0 (X11; Linux x86_64)");

  const auto found = find("hash-a");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, created);
  EXPECT_FALSE(find("hash-b").has_value());
  EXPECT_FALSE(find("").has_value());

  touch(created.id, created.created_at + 5min);
  EXPECT_EQ(find("hash-a")->last_seen_at, created.created_at + 5min);
  // Only forwards: a late touch from another server leaves the later time.
  touch(created.id, created.created_at + 1min);
  EXPECT_EQ(find("hash-a")->last_seen_at, created.created_at + 5min);
  // Touching a session that is gone does nothing.
  touch(created.id + 1000, created.created_at + 10min);
  // Nothing else changed.
  Session expected = created;
  expected.last_seen_at = created.created_at + 5min;
  expect_same(*find("hash-a"), expected);

  auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().remove(created.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(find("hash-a").has_value());
  removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().remove(created.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_FALSE(*removed);
}

TEST_P(SessionContract, AFlashIsKeptWithItsSessionUntilReplacedOrCleared) {
  const auto user = make_user(new_user("ada@example.com"));
  const Session created = make_session(user.id, "hash-a", clock_.now());
  const Session other = make_session(user.id, "hash-b", clock_.now());
  EXPECT_EQ(created.flash, "");
  const auto set_flash = [&](SessionId id, const std::string& flash) {
    const Status done = db().write(
        [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().set_flash(id, flash); });
    ASSERT_TRUE(done) << why(done);
  };
  set_flash(created.id, "success\tInvitation sent to ada@example.com.");
  EXPECT_EQ(find("hash-a")->flash, "success\tInvitation sent to ada@example.com.");
  EXPECT_EQ(find("hash-b")->flash, "") << "another session of the same user sees nothing";
  set_flash(created.id, std::string(1200, 'x'));
  EXPECT_EQ(find("hash-a")->flash.size(), 1000U) << "at most 1000 characters are kept";
  set_flash(created.id, "");
  EXPECT_EQ(find("hash-a")->flash, "");
  EXPECT_EQ(find("hash-b")->flash, "");
  set_flash(other.id + 1000, "info\tnobody");  // a session that is gone: nothing happens
}

TEST_P(SessionContract, StoresAtMost512CharactersOfWellFormedUserAgent) {
  const auto user = make_user(new_user("ada@example.com"));
  NewSession session = new_session(user.id, "hash-long", clock_.now());
  // 600 characters of two bytes each: cut at 512 characters, never inside one.
  std::string long_agent;
  for (int i = 0; i < 600; ++i) long_agent += "\xC3\xA9";  // é
  session.user_agent = long_agent;
  auto created = create_session(session);
  ASSERT_TRUE(created) << why(created);
  EXPECT_EQ(created->user_agent, long_agent.substr(0, 1024));
  EXPECT_EQ(find("hash-long")->user_agent, long_agent.substr(0, 1024));

  // Malformed bytes (a lone continuation byte, a truncated sequence, an overlong, NUL) become
  // U+FFFD, which PostgreSQL accepts; well-formed text around them is kept.
  session.token_hash = "hash-odd";
  session.user_agent = std::string("ok\x80 \xE2\x82 \xC0\xAF ") + std::string(1, '\0') + "end";
  session.source_address = "2001:db8::1";
  created = create_session(session);
  ASSERT_TRUE(created) << why(created);
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(created->user_agent, "ok" + replacement + " " + replacement + replacement + " " +
                                     replacement + replacement + " " + replacement + "end");
  EXPECT_EQ(created->source_address, "2001:db8::1");
  EXPECT_EQ(find("hash-odd")->user_agent, created->user_agent);

  // Exactly 512 characters are kept whole.
  session.token_hash = "hash-512";
  session.user_agent = std::string(512, 'x');
  created = create_session(session);
  ASSERT_TRUE(created) << why(created);
  EXPECT_EQ(find("hash-512")->user_agent, std::string(512, 'x'));
}

TEST_P(SessionContract, RemovesTheSessionsOfAUserExceptOneToKeep) {
  const auto ada = make_user(new_user("ada@example.com"));
  const auto bob = make_user(new_user("bob@example.com"));
  const TimePoint t0 = clock_.now();
  make_session(ada.id, "a1", t0);
  const Session a2 = make_session(ada.id, "a2", t0 + 1s);
  make_session(ada.id, "a3", t0 + 2s);
  const Session b1 = make_session(bob.id, "b1", t0);

  // "Sign out everywhere else": the current session stays.
  EXPECT_EQ(remove_for_user(ada.id, a2.id), 2);
  EXPECT_EQ(listed(ada.id), Ids{a2.id});
  EXPECT_TRUE(find("a2").has_value());
  EXPECT_FALSE(find("a1").has_value());
  EXPECT_FALSE(find("a3").has_value());
  // Keeping a session of somebody else keeps none of this user's.
  EXPECT_EQ(remove_for_user(ada.id, b1.id), 1);
  EXPECT_EQ(listed(ada.id), Ids{});
  EXPECT_EQ(listed(bob.id), Ids{b1.id});

  make_session(ada.id, "a4", t0 + 3s);
  make_session(ada.id, "a5", t0 + 4s);
  EXPECT_EQ(remove_for_user(ada.id, std::nullopt), 2);
  EXPECT_EQ(listed(ada.id), Ids{});
  EXPECT_EQ(remove_for_user(ada.id, std::nullopt), 0);
  EXPECT_EQ(listed(bob.id), Ids{b1.id});
}

TEST_P(SessionContract, DeletingAUserTakesTheirSessions) {
  const auto ada = make_user(new_user("ada@example.com"));
  const auto bob = make_user(new_user("bob@example.com"));
  make_session(ada.id, "a1", clock_.now());
  make_session(ada.id, "a2", clock_.now());
  const Session b1 = make_session(bob.id, "b1", clock_.now());

  auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().remove(ada.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(find("a1").has_value());
  EXPECT_FALSE(find("a2").has_value());
  EXPECT_EQ(listed(ada.id), Ids{});
  EXPECT_EQ(listed(bob.id), Ids{b1.id});
}

TEST_P(SessionContract, ListsAUsersSessionsNewestFirst) {
  const auto ada = make_user(new_user("ada@example.com"));
  const auto bob = make_user(new_user("bob@example.com"));
  const TimePoint t0 = clock_.now();
  const Session middle = make_session(ada.id, "middle", t0 + 1min);
  const Session oldest = make_session(ada.id, "oldest", t0);
  const Session newest = make_session(ada.id, "newest", t0 + 2min);
  // Created in the same millisecond: the later id first.
  const Session twin = make_session(ada.id, "twin", t0 + 1min);
  make_session(bob.id, "bob", t0 + 3min);

  EXPECT_EQ(listed(ada.id), (Ids{newest.id, twin.id, middle.id, oldest.id}));
  auto sessions = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::SessionRepository>().list_for_user(ada.id); });
  ASSERT_TRUE(sessions) << why(sessions);
  ASSERT_EQ(sessions->size(), 4U);
  expect_same(sessions->front(), newest);
  EXPECT_EQ(listed(424242), Ids{});
}

TEST_P(SessionContract, HousekeepingRemovesExpiredAndIdleSessions) {
  const auto ada = make_user(new_user("ada@example.com"));
  const TimePoint t0 = clock_.now();
  // Fresh: created now, lives 24 h.
  const Session fresh = make_session(ada.id, "fresh", t0);
  // Past its absolute expiry although seen a moment ago.
  NewSession expired = new_session(ada.id, "expired", t0 - 25h);
  expired.expires_at = t0 - 1h;
  auto expired_session = create_session(expired);
  ASSERT_TRUE(expired_session) << why(expired_session);
  touch(expired_session->id, t0 - 1min);
  // Expires exactly now: gone (the limit is inclusive).
  NewSession at_limit = new_session(ada.id, "at-limit", t0 - 24h);
  at_limit.expires_at = t0;
  ASSERT_TRUE(create_session(at_limit));
  // Idle: last seen 3 h ago, well within its absolute lifetime.
  NewSession idle = new_session(ada.id, "idle", t0 - 3h);
  idle.expires_at = t0 + 21h;
  ASSERT_TRUE(create_session(idle));
  // Last seen exactly at the idle limit: kept (idle means before it).
  NewSession idle_limit = new_session(ada.id, "idle-limit", t0 - 2h);
  idle_limit.expires_at = t0 + 22h;
  auto at_idle_limit = create_session(idle_limit);
  ASSERT_TRUE(at_idle_limit) << why(at_idle_limit);
  // Old but recently seen: kept.
  NewSession busy = new_session(ada.id, "busy", t0 - 5h);
  busy.expires_at = t0 + 19h;
  auto busy_session = create_session(busy);
  ASSERT_TRUE(busy_session) << why(busy_session);
  touch(busy_session->id, t0 - 10min);

  EXPECT_EQ(remove_expired(t0, t0 - 2h), 3);
  EXPECT_FALSE(find("expired").has_value());
  EXPECT_FALSE(find("at-limit").has_value());
  EXPECT_FALSE(find("idle").has_value());
  EXPECT_EQ(listed(ada.id), (Ids{fresh.id, at_idle_limit->id, busy_session->id}));
  EXPECT_EQ(remove_expired(t0, t0 - 2h), 0);

  // Later everything has gone idle or expired.
  EXPECT_EQ(remove_expired(t0 + 25h, t0 + 23h), 3);
  EXPECT_EQ(listed(ada.id), Ids{});
}

TEST_P(SessionContract, DuplicateTokenHashOrMissingUserIsAConflict) {
  const auto ada = make_user(new_user("ada@example.com"));
  const Session first = make_session(ada.id, "same-hash", clock_.now());

  // Within one transaction the conflict fails that statement only; the rest commits.
  const Status status = db().write([&](Transaction& tx) -> Status {
    const auto duplicate =
        tx.get<atrium::SessionRepository>().create(new_session(ada.id, "same-hash", clock_.now()));
    EXPECT_FALSE(duplicate);
    if (!duplicate) {
      EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict) << describe(duplicate.error());
    }
    const auto orphan =
        tx.get<atrium::SessionRepository>().create(new_session(424242, "orphan", clock_.now()));
    EXPECT_FALSE(orphan);
    if (!orphan) {
      EXPECT_EQ(orphan.error().code, ErrorCode::kConflict) << describe(orphan.error());
    }
    ATRIUM_TRY(tx.get<atrium::SessionRepository>().create(
        new_session(ada.id, "other-hash", clock_.now())));
    return atrium::ok();
  });
  ASSERT_TRUE(status) << why(status);
  EXPECT_EQ(find("same-hash")->id, first.id);
  EXPECT_FALSE(find("orphan").has_value());
  EXPECT_TRUE(find("other-hash").has_value());
  EXPECT_EQ(listed(ada.id).size(), 2U);
}

TEST_P(SessionContract, ASessionIsPartOfItsTransaction) {
  const auto ada = make_user(new_user("ada@example.com"));
  const Status status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::SessionRepository>().create(
        new_session(ada.id, "rolled-back", clock_.now())));
    return atrium::fail(atrium::conflict("test.abort", "the sign-in failed"));
  });
  ASSERT_FALSE(status);
  EXPECT_FALSE(find("rolled-back").has_value());
}

// --- throttle ------------------------------------------------------------------------------------

TEST_P(ThrottleContract, CountsAKeysFailuresSinceATime) {
  const TimePoint t0 = clock_.now();
  const auto none = count("login:account:ada@example.com", t0 - 1h);
  EXPECT_EQ(none.failures, 0);
  EXPECT_FALSE(none.latest.has_value());

  record("login:account:ada@example.com", t0);
  record("login:account:ada@example.com", t0 + 1s);
  record("login:account:ada@example.com", t0 + 2s);
  record("login:account:ada@example.com", t0 + 2s);  // two in the same millisecond both count
  record("login:address:192.0.2.7", t0 + 3s);
  // Keys are exact: another case or a prefix is another key.
  record("login:account:ADA@example.com", t0 + 4s);
  record("login:account:ada@example.co", t0 + 4s);

  auto counted = count("login:account:ada@example.com", t0 - 1s);
  EXPECT_EQ(counted.failures, 4);
  EXPECT_EQ(counted.latest, std::optional<TimePoint>(t0 + 2s));
  // The window starts at `since`, inclusive.
  counted = count("login:account:ada@example.com", t0 + 1s);
  EXPECT_EQ(counted.failures, 3);
  EXPECT_EQ(counted.latest, std::optional<TimePoint>(t0 + 2s));
  counted = count("login:account:ada@example.com", t0 + 2s + 1ms);
  EXPECT_EQ(counted.failures, 0);
  EXPECT_FALSE(counted.latest.has_value());

  counted = count("login:address:192.0.2.7", t0);
  EXPECT_EQ(counted.failures, 1);
  EXPECT_EQ(counted.latest, std::optional<TimePoint>(t0 + 3s));
  EXPECT_EQ(count("login:account:ADA@example.com", t0).failures, 1);
  EXPECT_EQ(count("login:account:ada@example.co", t0).failures, 1);
  EXPECT_EQ(count("login:account:", t0).failures, 0);
}

TEST_P(ThrottleContract, ClearForgetsOnlyThatKey) {
  const TimePoint t0 = clock_.now();
  record("login:account:ada@example.com", t0);
  record("login:account:ada@example.com", t0 + 1s);
  record("login:address:192.0.2.7", t0 + 1s);
  clear("login:account:ada@example.com");
  EXPECT_EQ(count("login:account:ada@example.com", t0 - 1h).failures, 0);
  EXPECT_FALSE(count("login:account:ada@example.com", t0 - 1h).latest.has_value());
  EXPECT_EQ(count("login:address:192.0.2.7", t0 - 1h).failures, 1);
  clear("login:account:nobody@example.com");  // nothing to forget: fine
  // Counting starts again.
  record("login:account:ada@example.com", t0 + 2s);
  EXPECT_EQ(count("login:account:ada@example.com", t0 - 1h).failures, 1);
}

TEST_P(ThrottleContract, HousekeepingForgetsOldFailuresOfEveryKey) {
  const TimePoint t0 = clock_.now();
  record("a", t0 - 2h);
  record("b", t0 - 90min);
  record("a", t0 - 1h);  // exactly at the limit: kept
  record("b", t0 - 1min);
  record("a", t0);
  EXPECT_EQ(remove_older_than(t0 - 1h), 2);
  EXPECT_EQ(count("a", t0 - 1h).failures, 2);
  EXPECT_EQ(count("a", t0 - 24h).failures, 2);
  EXPECT_EQ(count("b", t0 - 24h).failures, 1);
  EXPECT_EQ(remove_older_than(t0 - 1h), 0);
  EXPECT_EQ(remove_older_than(t0 + 1ms), 3);
  EXPECT_EQ(count("a", t0 - 24h).failures, 0);
}

TEST_P(ThrottleContract, KeysBuiltFromAnythingAClientSentAreCountedApart) {
  const TimePoint t0 = clock_.now();
  // Far too long for an index entry if stored as given; differing only at the end.
  const std::string long_a = "login:account:" + std::string(5000, 'x') + "a";
  const std::string long_b = "login:account:" + std::string(5000, 'x') + "b";
  // Not UTF-8 (PostgreSQL refuses such text), and with NUL.
  const std::string odd_a = "login:account:\xFF\xFE";
  const std::string odd_b = "login:account:\xFF\xFD";
  const std::string nul = std::string("login:account:a\0b", 17);
  for (const std::string* key : {&long_a, &long_b, &odd_a, &odd_b, &nul}) record(*key, t0);
  record(long_a, t0 + 1s);
  record(odd_a, t0 + 1s);

  EXPECT_EQ(count(long_a, t0).failures, 2);
  EXPECT_EQ(count(long_a, t0).latest, std::optional<TimePoint>(t0 + 1s));
  EXPECT_EQ(count(long_b, t0).failures, 1);
  EXPECT_EQ(count(odd_a, t0).failures, 2);
  EXPECT_EQ(count(odd_b, t0).failures, 1);
  EXPECT_EQ(count(nul, t0).failures, 1);
  EXPECT_EQ(count("login:account:a", t0).failures, 0);
  EXPECT_EQ(count("login:account:" + std::string(5000, 'x'), t0).failures, 0);

  clear(long_a);
  clear(odd_a);
  EXPECT_EQ(count(long_a, t0).failures, 0);
  EXPECT_EQ(count(odd_a, t0).failures, 0);
  EXPECT_EQ(count(long_b, t0).failures, 1);
  EXPECT_EQ(count(odd_b, t0).failures, 1);
}

TEST_P(ThrottleContract, ConcurrentRecordsFromTwoServersAreAllCounted) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  const TimePoint t0 = clock_.now();
  auto second_server = open();  // half the threads come through another pool
  SociDatabase* pools[2] = {&db(), second_server.get()};
  std::latch start(kThreads);
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        // Many in the same millisecond, as under a real burst.
        const TimePoint at = t0 + std::chrono::milliseconds(i % 3);
        const Status status = pools[t % 2]->write([&](Transaction& tx) {
          return tx.get<atrium::ThrottleRepository>().record("login:address:198.51.100.9", at);
        });
        if (!status) {
          failures[static_cast<std::size_t>(t)] = describe(status.error());
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  const auto counted = count("login:address:198.51.100.9", t0);
  EXPECT_EQ(counted.failures, kThreads * kEach);
  EXPECT_EQ(counted.latest, std::optional<TimePoint>(t0 + 2ms));
}

ATRIUM_CONTRACT_BACKENDS(SessionContract);
ATRIUM_CONTRACT_BACKENDS(ThrottleContract);

}  // namespace
