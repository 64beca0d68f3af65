// The directory version grows with every committed change to organisations, teams, users and
// memberships (the response cache relies on it, docs/decisions.md), and with nothing else.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <latch>
#include <string>
#include <thread>

#include "contract/contract_fixture.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace {

using atrium::NewSession;
using atrium::NewUser;
using atrium::ok;
using atrium::Role;
using atrium::Status;
using atrium::Transaction;
using atrium::User;
using atrium::contract::describe;
using atrium::contract::why;

class DirectoryVersionContract : public atrium::contract::ContractTest {
 protected:
  long long version() {
    auto read = db().read_result(
        [](Transaction& tx) { return tx.get<atrium::UserRepository>().directory_version(); });
    EXPECT_TRUE(read) << why(read);
    return read ? *read : -1;
  }

  // Whether `change` moved the version, as read before and after in fresh transactions.
  bool moves(const std::function<Status(Transaction&)>& change) {
    const long long before = version();
    const Status done = db().write(change);
    EXPECT_TRUE(done) << why(done);
    return version() > before;
  }
};

TEST_P(DirectoryVersionContract, GrowsWithEveryChangeToTheDirectory) {
  const auto [organisation, all_users] = make_organisation("Acme");
  const auto team = make_team(organisation.id, "Builders");
  atrium::NewUser ada = new_user("ada@example.com");
  ada.organisation_id = organisation.id;  // teams are of the user's organisation (0007)
  const User user = make_user(ada);
  const long long start = version();
  EXPECT_GT(start, 0);

  EXPECT_TRUE(moves([&](Transaction& tx) -> Status {
    return tx.get<atrium::OrganisationRepository>()
        .rename(organisation.id, "Acme Two", clock_.now())
        .map([](auto&&) {});
  })) << "organisation renamed";
  EXPECT_TRUE(moves([&](Transaction& tx) -> Status {
    return tx.get<atrium::TeamRepository>().rename(team.id, "Makers", clock_.now()).map([](auto&&) {
    });
  })) << "team renamed";
  EXPECT_TRUE(moves([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().add_member(team.id, user.id);
  })) << "member added";
  EXPECT_TRUE(moves([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().remove_member(team.id, user.id);
  })) << "member removed";
  EXPECT_TRUE(moves([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().set_teams(user.id, {all_users.id});
  })) << "teams replaced";
  EXPECT_TRUE(moves([&](Transaction& tx) -> Status {
    User changed = user;
    changed.first = "Augusta";
    return tx.get<atrium::UserRepository>()
        .update(changed, std::nullopt, clock_.now())
        .map([](auto&&) {});
  })) << "user updated";
  const long long before_create = version();
  make_user(new_user("grace@example.com"));
  EXPECT_GT(version(), before_create) << "user created";
  const long long before_organisation = version();
  make_organisation("Globex");
  EXPECT_GT(version(), before_organisation) << "organisation created";
  EXPECT_TRUE(moves([&](Transaction& tx) -> Status {
    return tx.get<atrium::UserRepository>().remove(user.id).map([](auto&&) {});
  })) << "user removed";
  EXPECT_TRUE(moves([&](Transaction& tx) -> Status {
    return tx.get<atrium::TeamRepository>().remove(team.id).map([](auto&&) {});
  })) << "team removed";
}

TEST_P(DirectoryVersionContract, StaysWhenOnlySessionsTokensOrTheAuditLogChange) {
  const User user = make_user(new_user("ada@example.com", Role::kProviderAdmin));
  const long long start = version();
  create_token(user.id, "hash-1");
  EXPECT_FALSE(moves([&](Transaction& tx) -> Status {
    NewSession session;
    session.user_id = user.id;
    session.token_hash = "session-hash";
    session.created_at = clock_.now();
    session.expires_at = clock_.now() + std::chrono::hours(1);
    return tx.get<atrium::SessionRepository>().create(session).map([](auto&&) {});
  }));
  EXPECT_EQ(version(), start);
}

TEST_P(DirectoryVersionContract, IsReadInTheTransactionsSnapshot) {
  // A read transaction keeps the version it began with while another connection commits.
  const long long start = version();
  auto seen =
      db().read_result([&](Transaction& tx) -> atrium::Result<std::pair<long long, long long>> {
        auto first = tx.get<atrium::UserRepository>().directory_version();
        if (!first) return atrium::fail(first.error());
        make_user(new_user("late@example.com"));  // another transaction, committed meanwhile
        auto second = tx.get<atrium::UserRepository>().directory_version();
        if (!second) return atrium::fail(second.error());
        return std::make_pair(*first, *second);
      });
  ASSERT_TRUE(seen) << why(seen);
  EXPECT_EQ(seen->first, start);
  EXPECT_EQ(seen->second, start);
  EXPECT_GT(version(), start);
}

TEST_P(DirectoryVersionContract, WritersInOppositeOrdersNeitherDeadlockNorFail) {
  // One writer changes a user and then a membership, the other the membership alone: with the
  // version taken after each statement (PostgreSQL), the second could hold the membership row
  // while waiting for the version the first held while waiting for that row.
  const auto [organisation, all_users] = make_organisation("Acme");
  const auto team = make_team(organisation.id, "Builders");
  NewUser one = new_user("one@example.com");
  one.organisation_id = organisation.id;
  const User changed = make_user(one);
  NewUser two = new_user("two@example.com");
  two.organisation_id = organisation.id;
  const User member = make_user(two);
  set_teams(member.id, {team.id});
  constexpr int kRounds = 15;
  std::latch start(2);
  std::string user_then_member;
  std::string member_only;
  const auto flip_membership = [&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::TeamRepository>().remove_member(team.id, member.id));
    return tx.get<atrium::TeamRepository>().add_member(team.id, member.id);
  };
  std::thread first([&] {
    start.arrive_and_wait();
    for (int i = 0; i < kRounds && user_then_member.empty(); ++i) {
      const Status status = db().write([&](Transaction& tx) -> Status {
        User renamed = changed;
        renamed.first = "Round " + std::to_string(i);
        ATRIUM_TRY(tx.get<atrium::UserRepository>()
                       .update(renamed, std::nullopt, clock_.now())
                       .map([](auto&&) {}));
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // let the other one in
        return flip_membership(tx);
      });
      if (!status) user_then_member = describe(status.error());
    }
  });
  std::thread second([&] {
    start.arrive_and_wait();
    for (int i = 0; i < kRounds && member_only.empty(); ++i) {
      const Status status = db().write([&](Transaction& tx) -> Status {
        ATRIUM_TRY(flip_membership(tx));
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return ok();
      });
      if (!status) member_only = describe(status.error());
    }
  });
  first.join();
  second.join();
  EXPECT_EQ(user_then_member, "");
  EXPECT_EQ(member_only, "");
}

ATRIUM_CONTRACT_BACKENDS(DirectoryVersionContract);

}  // namespace
