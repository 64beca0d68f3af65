// The data versions a node keeps in memory (domain/freshness, issue 17): the sign-in version
// moves when a session ends or an admin token is revoked and with nothing a signed-in request
// does (touching, flash messages); the version board sees this node's own commits at its next
// read and another node's after a poll; on a thread that may not block it answers from memory or
// not at all.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>

#include "contract/contract_fixture.hpp"
#include "core/non_blocking.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/freshness/data_versions.hpp"
#include "domain/freshness/version_board.hpp"
#include "domain/storage.hpp"

namespace {

using namespace std::chrono_literals;
using atrium::DataSet;
using atrium::DataVersionRepository;
using atrium::DataVersions;
using atrium::NewSession;
using atrium::Session;
using atrium::SessionRepository;
using atrium::Status;
using atrium::Transaction;
using atrium::VersionBoard;
using atrium::contract::why;

class DataVersionsContract : public atrium::contract::ContractTest {
 protected:
  DataVersions versions(atrium::Database& database) {
    auto read = database.read_result(
        [](Transaction& tx) { return tx.get<DataVersionRepository>().read(); });
    EXPECT_TRUE(read) << why(read);
    return read ? *read : DataVersions{};
  }

  // Whether `change` moved the sign-in version, read before and after in fresh transactions.
  bool moves_sign_in(const std::function<Status(Transaction&)>& change) {
    const long long before = versions(db()).sign_in;
    const Status done = db().write(change);
    EXPECT_TRUE(done) << why(done);
    return versions(db()).sign_in > before;
  }

  Session make_session(atrium::UserId user, const std::string& hash) {
    NewSession session;
    session.token_hash = hash;
    session.user_id = user;
    session.created_at = clock_.now();
    session.expires_at = clock_.now() + 24h;
    session.source_address = "192.0.2.7";
    session.user_agent = "test";
    auto created = db().write_result(
        [&](Transaction& tx) { return tx.get<SessionRepository>().create(session); });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : Session{};
  }
};

TEST_P(DataVersionsContract, TheSignInVersionMovesWhenASignInEndsAndWithNothingElse) {
  const auto user = make_user(new_user("ada@example.com"));
  const auto first = versions(db());
  EXPECT_GT(first.sign_in, 0);
  EXPECT_GT(first.directory, 0);
  EXPECT_GT(first.content, 0);
  EXPECT_GT(first.apps, 0);

  const Session session = make_session(user.id, "hash-a");
  const Session other = make_session(user.id, "hash-b");
  EXPECT_FALSE(moves_sign_in([&](Transaction& tx) {
    return tx.get<SessionRepository>().touch(session.id, clock_.now());
  })) << "touching a session";
  EXPECT_FALSE(moves_sign_in([&](Transaction& tx) {
    return tx.get<SessionRepository>().set_flash(session.id, "success\tSaved");
  })) << "a flash message";
  EXPECT_TRUE(moves_sign_in([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<SessionRepository>().remove(session.id));
    return atrium::ok();
  })) << "signing out";
  EXPECT_TRUE(moves_sign_in([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<SessionRepository>().remove_for_user(user.id, std::nullopt));
    return atrium::ok();
  })) << "ending every session of a user";
  (void)other;

  const auto token = create_token(user.id, "token-hash");
  EXPECT_FALSE(moves_sign_in([&](Transaction& tx) {
    return tx.get<atrium::ApiTokenRepository>().touch(token.id, clock_.now());
  })) << "using a token";
  EXPECT_TRUE(moves_sign_in([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::ApiTokenRepository>().revoke(user.id, token.id, clock_.now()));
    return atrium::ok();
  })) << "revoking a token";
}

TEST_P(DataVersionsContract, TheBoardSeesItsOwnCommitsAtOnceAndAnotherNodesAfterAPoll) {
  VersionBoard board(db(), clock_);
  const auto other_node = open();
  const auto start = board.current(DataSet::kDirectory);
  ASSERT_TRUE(start) << why(start);

  // Another node's change: not seen until the board polls.
  const Status elsewhere = other_node->write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto made, tx.get<atrium::UserRepository>().create(
                                           new_user("far@example.com"), clock_.now()));
    (void)made;
    return atrium::ok();
  });
  ASSERT_TRUE(elsewhere) << why(elsewhere);
  EXPECT_EQ(*board.current(DataSet::kDirectory), *start) << "from memory until the next poll";
  ASSERT_TRUE(board.poll());
  const long long polled = *board.current(DataSet::kDirectory);
  EXPECT_GT(polled, *start);
  EXPECT_TRUE(board.read_at().has_value());

  // This node's own change: seen by the next read, no poll needed.
  make_user(new_user("near@example.com"));
  EXPECT_GT(*board.current(DataSet::kDirectory), polled);
  EXPECT_EQ(*board.current(DataSet::kDirectory), *board.in_snapshot(DataSet::kDirectory));
}

TEST_P(DataVersionsContract, OnAThreadThatMayNotBlockTheBoardAnswersFromMemoryOrNotAtAll) {
  VersionBoard board(db(), clock_);
  ASSERT_TRUE(board.poll());
  const long long known = *board.current(DataSet::kCatalogue);
  {
    const atrium::NonBlockingScope scope;
    EXPECT_EQ(*board.current(DataSet::kCatalogue), known) << "current: no SQL needed";
  }
  make_user(new_user("ada@example.com"));  // a commit of this node: the board must read again
  {
    const atrium::NonBlockingScope scope;
    EXPECT_THROW((void)board.current(DataSet::kCatalogue), atrium::WouldBlock);
    EXPECT_THROW((void)board.in_snapshot(DataSet::kCatalogue), atrium::WouldBlock);
  }
  EXPECT_GT(*board.current(DataSet::kCatalogue), known) << "read again on a thread that may";
}

ATRIUM_CONTRACT_BACKENDS(DataVersionsContract);

}  // namespace
