// Read-modify-write races through the domain services, on both databases (docs/storage.md,
// "Concurrent changes"): many threads on two pools (as two servers would) change the same rows
// at once, and no change that was answered with success may be lost, nor may a user end up in a
// team of another organisation. Also the writes that used to put back a user read in an earlier
// transaction (login's rehash, a password change).

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/auth/login_service.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/auth/session_service.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "support/counting_random.hpp"

namespace atrium::contract {
namespace {

// "hash:<password>"; needs_rehash as told; `during_hash` runs inside hash() (a slow Argon2id
// hash is when other requests get in).
class FakeHasher final : public PasswordHasher {
 public:
  Result<std::string> hash(std::string_view password) override {
    if (during_hash) during_hash();
    return "hash:" + std::string(password);
  }
  bool verify(std::string_view encoded_hash, std::string_view password) override {
    return encoded_hash == "hash:" + std::string(password);
  }
  bool needs_rehash(std::string_view) override { return rehash; }

  std::function<void()> during_hash;
  bool rehash = false;
};

class FakeTokenHasher final : public TokenHasher {
 public:
  std::string hash(std::string_view token) const override { return "sha:" + std::string(token); }
};

// The services of one server (one pool).
struct Server {
  Server(Database& db, const Clock& clock)
      : users(db, hasher, rules, random, clock),
        organisations(db, random, clock),
        invite_codes(db, random, clock) {}
  FakeHasher hasher;
  PasswordRules rules{nullptr, 0, "Test Portal"};  // length and the common list only
  testing::CountingRandom random;
  UserService users;
  OrganisationService organisations;
  InviteCodeService invite_codes;
};

class ConcurrencyContract : public ContractTest {
 protected:
  static constexpr int kRounds = 12;
  static constexpr int kThreads = 8;

  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped()) return;
    other_ = open();  // a second server on the same database
    first_ = std::make_unique<Server>(db(), clock_);
    second_ = std::make_unique<Server>(*other_, clock_);
    NewUser owner = new_user("owner@example.com", Role::kSuperAdmin);
    owner.active = false;  // so that it is not counted among the active super-admins
    owner_ = make_user(owner);
    actor_ = Actor{owner_.id, owner_.email, Role::kSuperAdmin, std::nullopt, "127.0.0.1"};
  }

  // Even threads use the first server, odd ones the second.
  Server& server(int thread) { return thread % 2 == 0 ? *first_ : *second_; }

  // Runs every body on its own thread, all released at once.
  static void run_together(const std::vector<std::function<void()>>& bodies) {
    std::latch start(static_cast<std::ptrdiff_t>(bodies.size()));
    std::vector<std::thread> threads;
    for (const auto& body : bodies) {
      threads.emplace_back([&start, &body] {
        start.arrive_and_wait();
        body();
      });
    }
    for (auto& thread : threads) thread.join();
  }

  UserView create_consumer(const std::string& email, OrganisationId organisation) {
    UserInput input;
    input.email = email;
    input.first = "First";
    input.last = "Last";
    input.role = "consumer-team-member";
    input.organisation_id = organisation;
    auto created = first_->users.create(actor_, input);
    EXPECT_TRUE(created) << why(created);
    return created ? *created : UserView{};
  }

  // "" when every team of the user is in the user's organisation, else what is wrong.
  std::string cross_organisation(UserId user) {
    auto found = find_user(user);
    if (!found) return "user vanished";
    std::string wrong;
    auto teams = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().teams_of(user); });
    if (!teams) return why(teams);
    if (teams->empty()) wrong = "no team";
    for (const auto& team : *teams) {
      if (!found->organisation_id || team.organisation_id != *found->organisation_id) {
        wrong += " team " + std::to_string(team.id) + " of organisation " +
                 std::to_string(team.organisation_id) + " but the user is in organisation " +
                 std::to_string(found->organisation_id.value_or(0)) + ";";
      }
    }
    return wrong;
  }

  std::unique_ptr<store::SociDatabase> other_;
  std::unique_ptr<Server> first_;
  std::unique_ptr<Server> second_;
  User owner_;
  Actor actor_;
};

// Collects unexpected errors from several threads.
class Errors {
 public:
  void add(const std::string& what) {
    std::lock_guard lock(mutex_);
    all_.push_back(what);
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& e : all_) out += e + "\n";
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> all_;
};

TEST_P(ConcurrencyContract, ConcurrentEditsOfDifferentFieldsAreAllKept) {
  // PUT {"First": …} and PUT {"Last": …} at once: both answer 200, so both must be kept.
  const auto [organisation, all_users] = make_organisation("Acme");
  Errors errors;
  std::vector<std::string> lost;
  for (int round = 0; round < kRounds; ++round) {
    const UserView user =
        create_consumer("user" + std::to_string(round) + "@example.com", organisation.id);
    std::set<std::string> firsts;
    std::set<std::string> lasts;
    std::vector<std::function<void()>> bodies;
    for (int t = 0; t < kThreads; ++t) {
      UserInput input;
      const std::string value = "R" + std::to_string(round) + "T" + std::to_string(t);
      if (t % 2 == 0) {
        input.first = value;
        firsts.insert(value);
      } else {
        input.last = value;
        lasts.insert(value);
      }
      bodies.push_back([&, t, input] {
        auto updated = server(t).users.update(actor_, std::to_string(user.user.id), input);
        if (!updated) errors.add(why(updated));
      });
    }
    run_together(bodies);
    const auto after = find_user(user.user.id);
    ASSERT_TRUE(after);
    if (!firsts.count(after->first) || !lasts.count(after->last)) {
      lost.push_back("round " + std::to_string(round) + ": First " + after->first + ", Last " +
                     after->last);
    }
  }
  EXPECT_EQ(errors.text(), "");
  EXPECT_TRUE(lost.empty()) << lost.size() << " of " << kRounds << " rounds lost a change, e.g. "
                            << lost.front();
}

TEST_P(ConcurrencyContract, ConcurrentMovesAndTeamChangesKeepTeamsInTheUsersOrganisation) {
  // PUT {"OrganisationID": A}, {"OrganisationID": B}, {"Teams": [a team of B]}, … at once: each
  // may be refused (a team of another organisation), but none may leave the user in one
  // organisation with teams of another.
  const auto [a, a_all] = make_organisation("Alpha");
  const auto [b, b_all] = make_organisation("Beta");
  const Team a2 = make_team(a.id, "Alpha builders");
  const Team b2 = make_team(b.id, "Beta builders");
  std::vector<UserInput> inputs(kThreads);
  inputs[0].organisation_id = a.id;
  inputs[1].organisation_id = b.id;
  inputs[2].teams = std::vector<TeamId>{b2.id};
  inputs[3].teams = std::vector<TeamId>{a2.id};
  inputs[4].first = "Moved";
  inputs[5].organisation_id = a.id;
  inputs[5].teams = std::vector<TeamId>{a2.id};
  inputs[6].organisation_id = b.id;
  inputs[6].teams = std::vector<TeamId>{b2.id};
  inputs[7].last = "Around";
  Errors errors;
  std::vector<std::string> wrong;
  for (int round = 0; round < kRounds; ++round) {
    const UserView user = create_consumer("mover" + std::to_string(round) + "@example.com", b.id);
    std::vector<std::function<void()>> bodies;
    for (int t = 0; t < kThreads; ++t) {
      bodies.push_back([&, t] {
        auto updated = server(t).users.update(actor_, std::to_string(user.user.id), inputs[t]);
        // A team of the other organisation is refused (400), depending on who came first.
        if (!updated && updated.error().code != ErrorCode::kInvalidArgument) {
          errors.add(why(updated));
        }
      });
    }
    run_together(bodies);
    const std::string problem = cross_organisation(user.user.id);
    if (!problem.empty()) wrong.push_back("round " + std::to_string(round) + ":" + problem);
  }
  EXPECT_EQ(errors.text(), "");
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " of " << kRounds
                             << " rounds left a cross-organisation membership, e.g. "
                             << wrong.front();
}

TEST_P(ConcurrencyContract, ConcurrentDemotionsKeepAnActiveSuperAdmin) {
  // Two super-admins deactivated or demoted at once: each checks that another active one is
  // left, so one of them must be refused ("user.last_super_admin").
  Errors errors;
  std::vector<std::string> none_left;
  for (int round = 0; round < kRounds; ++round) {
    // The survivors of the last round step down first (not through the service, which would
    // refuse the last one).
    const Status cleared = db().write([&](Transaction& tx) -> Status {
      UserFilter filter;
      filter.role = Role::kSuperAdmin;
      filter.active = true;
      auto page = tx.get<atrium::UserRepository>().list(filter, PageRequest{1, 100});
      if (!page) return fail(std::move(page).error());
      for (User u : page->items) {
        u.active = false;
        auto updated = tx.get<atrium::UserRepository>().update(u, std::nullopt, clock_.now());
        if (!updated) return fail(std::move(updated).error());
      }
      return ok();
    });
    ASSERT_TRUE(cleared) << why(cleared);
    const std::string r = std::to_string(round);
    const User s1 = make_user(new_user("s1-" + r + "@example.com", Role::kSuperAdmin));
    const User s2 = make_user(new_user("s2-" + r + "@example.com", Role::kSuperAdmin));
    std::vector<std::function<void()>> bodies;
    for (int t = 0; t < 4; ++t) {
      bodies.push_back([&, t] {
        const std::string ref = std::to_string(t % 2 == 0 ? s1.id : s2.id);
        UserInput input;
        if (t < 2) {
          input.active = false;
        } else {
          input.role = "provider-admin";
        }
        auto updated = server(t).users.update(actor_, ref, input);
        if (!updated && updated.error().id != "user.last_super_admin") errors.add(why(updated));
      });
    }
    run_together(bodies);
    auto left = db().read_result([](Transaction& tx) {
      return tx.get<atrium::UserRepository>().count_with_role(Role::kSuperAdmin);
    });
    ASSERT_TRUE(left) << why(left);
    UserFilter active;
    active.role = Role::kSuperAdmin;
    active.active = true;
    auto page = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::UserRepository>().list(active, {1, 10});
    });
    ASSERT_TRUE(page) << why(page);
    if (page->total < 1) none_left.push_back("round " + r);
  }
  EXPECT_EQ(errors.text(), "");
  EXPECT_TRUE(none_left.empty()) << none_left.size() << " of " << kRounds
                                 << " rounds left no active super-admin, e.g. "
                                 << none_left.front();
}

TEST_P(ConcurrencyContract, ConcurrentTeamMemberListsEndAsOneOfThem) {
  // PUT /organisations/{o}/teams/{t} {"Users": [u_i]} from every thread: the team ends with
  // the members one of them asked for, not a mix.
  const auto [organisation, all_users] = make_organisation("Acme");
  const Team team = make_team(organisation.id, "Builders");
  std::vector<UserId> users;
  for (int t = 0; t < kThreads; ++t) {
    users.push_back(
        create_consumer("member" + std::to_string(t) + "@example.com", organisation.id).user.id);
  }
  const std::string org_ref = std::to_string(organisation.id);
  const std::string team_ref = std::to_string(team.id);
  Errors errors;
  std::vector<std::string> mixed;
  for (int round = 0; round < kRounds; ++round) {
    auto emptied = first_->organisations.update_team(actor_, org_ref, team_ref, std::nullopt,
                                                     std::vector<UserId>{});
    ASSERT_TRUE(emptied) << why(emptied);
    std::vector<std::function<void()>> bodies;
    for (int t = 0; t < kThreads; ++t) {
      bodies.push_back([&, t] {
        auto updated = server(t).organisations.update_team(
            actor_, org_ref, team_ref, std::nullopt,
            std::vector<UserId>{users[static_cast<std::size_t>(t)]});
        if (!updated) errors.add(why(updated));
      });
    }
    run_together(bodies);
    const auto now = members(team.id);
    if (now.size() != 1) {
      std::string list;
      for (UserId id : now) list += " " + std::to_string(id);
      mixed.push_back("round " + std::to_string(round) + ": members" + list);
    }
  }
  EXPECT_EQ(errors.text(), "");
  EXPECT_TRUE(mixed.empty()) << mixed.size() << " of " << kRounds
                             << " rounds mixed the member lists, e.g. " << mixed.front();
}

TEST_P(ConcurrencyContract, ConcurrentInviteCodeEditsAreAllKept) {
  // PUT /invite-codes/{id} {"Quota": …} and {"Expires": …} at once: both are kept.
  const auto [organisation, all_users] = make_organisation("Acme");
  InviteCodeInput create;
  create.quota = 10;
  create.team_id = all_users.id;
  auto code = first_->invite_codes.create(actor_, create);
  ASSERT_TRUE(code) << why(code);
  const std::string ref = std::to_string(code->id);
  Errors errors;
  std::vector<std::string> lost;
  for (int round = 0; round < kRounds; ++round) {
    InviteCodeInput reset;
    reset.quota = 10;
    reset.expires = std::optional<TimePoint>();
    ASSERT_TRUE(first_->invite_codes.update(actor_, ref, reset));
    std::set<long long> quotas;
    std::set<TimePoint> expiries;
    std::vector<std::function<void()>> bodies;
    for (int t = 0; t < kThreads; ++t) {
      InviteCodeInput input;
      if (t % 2 == 0) {
        input.quota = 100 + round * kThreads + t;
        quotas.insert(*input.quota);
      } else {
        const TimePoint at = clock_.now() + std::chrono::hours(24 * (1 + round * kThreads + t));
        input.expires = std::optional<TimePoint>(at);
        expiries.insert(at);
      }
      bodies.push_back([&, t, input] {
        auto updated = server(t).invite_codes.update(actor_, ref, input);
        if (!updated) errors.add(why(updated));
      });
    }
    run_together(bodies);
    auto after = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::InviteCodeRepository>().find(code->id); });
    ASSERT_TRUE(after && *after) << why(after);
    const InviteCode& now = **after;
    if (!quotas.count(now.quota) || !now.expires_at || !expiries.count(*now.expires_at)) {
      lost.push_back("round " + std::to_string(round) + ": Quota " + std::to_string(now.quota) +
                     (now.expires_at ? ", expires set" : ", no expiry"));
    }
  }
  EXPECT_EQ(errors.text(), "");
  EXPECT_TRUE(lost.empty()) << lost.size() << " of " << kRounds << " rounds lost a change, e.g. "
                            << lost.front();
}

TEST_P(ConcurrencyContract, MixedWritersNeitherDeadlockNorFail) {
  // Writers whose first statement is a locked read (they take the directory lock first), writers
  // that write the directory first (its version trigger takes that lock) and then read, and
  // writers of other tables that only refer to a user (sessions, tokens: FOR KEY SHARE), all on
  // the same rows at once. A deadlock would come back as kUnavailable (503).
  const auto [a, a_all] = make_organisation("Alpha");
  const auto [b, b_all] = make_organisation("Beta");
  const Team a2 = make_team(a.id, "Alpha builders");
  const UserView user = create_consumer("busy@example.com", a.id);
  const UserId id = user.user.id;
  const std::string ref = std::to_string(id);
  InviteCodeInput code_input;
  code_input.quota = 5;
  code_input.team_id = a_all.id;
  auto code = first_->invite_codes.create(actor_, code_input);
  ASSERT_TRUE(code) << why(code);
  constexpr int kIterations = 15;
  Errors errors;
  const auto report = [&](const std::string& who, const Status& status) {
    if (!status && status.error().code != ErrorCode::kInvalidArgument) {
      errors.add(who + ": " + describe(status.error()));
    }
  };
  std::vector<std::function<void()>> bodies;
  bodies.push_back([&] {  // locked read first: the user
    for (int i = 0; i < kIterations; ++i) {
      UserInput input;
      input.first = "F" + std::to_string(i);
      report("edit", server(0).users.update(actor_, ref, input).map([](auto&&) {}));
    }
  });
  bodies.push_back([&] {  // locked read first: moves between the organisations
    for (int i = 0; i < kIterations; ++i) {
      UserInput input;
      input.organisation_id = i % 2 == 0 ? b.id : a.id;
      report("move", server(1).users.update(actor_, ref, input).map([](auto&&) {}));
    }
  });
  bodies.push_back([&] {  // locked reads of organisation and team, then memberships
    for (int i = 0; i < kIterations; ++i) {
      report("team",
             server(2)
                 .organisations
                 .update_team(actor_, std::to_string(a.id), std::to_string(a2.id), std::nullopt,
                              i % 2 == 0 ? std::vector<UserId>{id} : std::vector<UserId>{})
                 .map([](auto&&) {}));
    }
  });
  bodies.push_back([&] {  // a directory write first, then a locked read and a write of the user
    for (int i = 0; i < kIterations; ++i) {
      report("write-then-read", other_->write([&](Transaction& tx) -> Status {
        ATRIUM_TRY(tx.get<atrium::OrganisationRepository>()
                       .rename(b.id, "Beta " + std::to_string(i), clock_.now())
                       .map([](auto&&) {}));
        auto found = tx.get<atrium::UserRepository>().find_by_id(id);
        if (!found) return fail(std::move(found).error());
        if (!*found) return ok();
        User changed = **found;
        changed.last = "L" + std::to_string(i);
        return tx.get<atrium::UserRepository>()
            .update(changed, std::nullopt, clock_.now())
            .map([](auto&&) {});
      }));
    }
  });
  bodies.push_back([&] {  // rows that only refer to the user
    for (int i = 0; i < kIterations; ++i) {
      report("session", db().write([&](Transaction& tx) -> Status {
        NewSession session;
        session.token_hash = "session-" + std::to_string(i);
        session.user_id = id;
        session.created_at = clock_.now();
        session.expires_at = clock_.now() + std::chrono::hours(1);
        ATRIUM_TRY(tx.get<atrium::SessionRepository>().create(session).map([](auto&&) {}));
        return tx.get<atrium::ApiTokenRepository>()
            .create(id, "token", "token-" + std::to_string(i), clock_.now())
            .map([](auto&&) {});
      }));
    }
  });
  bodies.push_back([&] {  // an invite code, then its team
    for (int i = 0; i < kIterations; ++i) {
      InviteCodeInput input;
      input.quota = 10 + i;
      input.team_id = i % 2 == 0 ? a2.id : a_all.id;
      report("invite code",
             server(5).invite_codes.update(actor_, std::to_string(code->id), input).map([](auto&&) {
             }));
    }
  });
  bodies.push_back([&] {  // an organisation by its locked row, then its default team
    for (int i = 0; i < kIterations; ++i) {
      report("rename",
             server(6)
                 .organisations.rename(actor_, std::to_string(a.id), "Alpha " + std::to_string(i))
                 .map([](auto&&) {}));
    }
  });
  bodies.push_back(
      [&] {  // new users into both organisations (one server: its random makes the cids)
        for (int i = 0; i < kIterations; ++i) {
          UserInput input;
          input.email = "new" + std::to_string(i) + "@example.com";
          input.first = "New";
          input.last = "User";
          input.role = "consumer-team-member";
          input.organisation_id = i % 2 == 0 ? a.id : b.id;
          report("create", first_->users.create(actor_, input).map([](auto&&) {}));
        }
      });
  run_together(bodies);
  EXPECT_EQ(errors.text(), "");
  EXPECT_EQ(cross_organisation(id), "");
}

// Login and the password change used to write back the whole user as read before (by the
// login's read, or when the session was resolved), undoing what an admin changed meanwhile.
class StaleWriteContract : public ConcurrencyContract {
 protected:
  void SetUp() override {
    ConcurrencyContract::SetUp();
    if (IsSkipped()) return;
    sessions_ =
        std::make_unique<SessionService>(db(), random_, token_hasher_, clock_, SessionSettings{});
    login_ =
        std::make_unique<LoginService>(db(), hasher_, rules_, *sessions_, clock_, LoginThrottle{});
    std::tie(a_, a_all_) = make_organisation("Alpha");
    std::tie(b_, b_all_) = make_organisation("Beta");
    NewUser user = new_user("signer@example.com");
    user.organisation_id = b_.id;
    user.password_hash = "hash:" + std::string(kPassword);
    user_ = make_user(user);
    set_teams(user_.id, {b_all_.id});
  }

  // What an admin does while the user's request is under way.
  void admin_moves_and_renames() {
    UserInput input;
    input.first = "Renamed";
    input.organisation_id = a_.id;
    auto moved = first_->users.update(actor_, std::to_string(user_.id), input);
    EXPECT_TRUE(moved) << why(moved);
  }

  void expect_admin_change_kept() {
    const auto after = find_user(user_.id);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->first, "Renamed");
    EXPECT_EQ(after->organisation_id, std::optional<OrganisationId>(a_.id));
    EXPECT_EQ(team_ids_of(user_.id), std::vector<TeamId>{a_all_.id});
    EXPECT_EQ(cross_organisation(user_.id), "");
  }

  static constexpr const char* kPassword = "a long and unusual passphrase";
  FakeHasher hasher_;
  PasswordRules rules_{nullptr, 0, "Test Portal"};
  FakeTokenHasher token_hasher_;
  testing::CountingRandom random_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<LoginService> login_;
  Organisation a_, b_;
  Team a_all_, b_all_;
  User user_;
};

TEST_P(StaleWriteContract, LoginRehashKeepsWhatAnAdminChangedMeanwhile) {
  hasher_.rehash = true;
  hasher_.during_hash = [&] {
    hasher_.during_hash = nullptr;
    admin_moves_and_renames();
  };
  auto login = login_->login("signer@example.com", kPassword, "127.0.0.1", "test");
  ASSERT_TRUE(login) << why(login);
  expect_admin_change_kept();
  auto hash = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(user_.id); });
  ASSERT_TRUE(hash && *hash) << why(hash);
  EXPECT_EQ(**hash, "hash:" + std::string(kPassword));
}

TEST_P(StaleWriteContract, PasswordChangeKeepsWhatAnAdminChangedSinceTheSessionWasRead) {
  auto started = db().write_result(
      [&](Transaction& tx) { return sessions_->start(tx, user_.id, "127.0.0.1", "test"); });
  ASSERT_TRUE(started) << why(started);
  auto active = sessions_->resolve(started->token);
  ASSERT_TRUE(active) << why(active);
  admin_moves_and_renames();  // after the session (and its user) was read
  auto changed =
      login_->change_password(*active, std::string(kPassword), "another unusual passphrase",
                              "another unusual passphrase", "127.0.0.1", "test");
  ASSERT_TRUE(changed) << why(changed);
  expect_admin_change_kept();
  auto hash = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().password_hash(user_.id); });
  ASSERT_TRUE(hash && *hash) << why(hash);
  EXPECT_EQ(**hash, "hash:another unusual passphrase");
}

ATRIUM_CONTRACT_BACKENDS(ConcurrencyContract);
ATRIUM_CONTRACT_BACKENDS(StaleWriteContract);

}  // namespace
}  // namespace atrium::contract
