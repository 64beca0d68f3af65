// The gateway's storage (migration 0013) on both databases: the key change log records every
// change that can alter what a key grants and grows in commit order even under concurrent
// writers; live grants carry the key's owner, plan and listen paths and leave with a revocation,
// a deactivation or a rejection; usage counts from several servers add up.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "contract/apps_contract_fixture.hpp"
#include "domain/gateway/gateway_repository.hpp"
#include "store/apps/app_seed.hpp"
#include "store/catalogue/catalogue_seed.hpp"

namespace {

using atrium::AccessRequestRepository;
using atrium::AccessStatus;
using atrium::AppVisibility;
using atrium::GatewayRepository;
using atrium::KeyChange;
using atrium::KeyGrant;
using atrium::Transaction;
using atrium::User;
using atrium::contract::why;

class GatewayContract : public atrium::contract::AppsContract {
 protected:
  void SetUp() override {
    AppsContract::SetUp();
    if (IsSkipped()) return;
    const auto [org, all] = make_organisation("Acme");
    alice_ = consumer("alice@acme.test", org.id, {all.id});
    std::tie(product_, plan_) = product_and_plan("payments");
    auto apis = db().write_result([&](Transaction& tx) -> atrium::Result<bool> {
      ATRIUM_TRY(tx.get<atrium::ProductRepository>().replace_apis(
          product_, {{0, "pay-v1", "Payments v1", "", "", "/payments/", "", true, ""},
                     {0, "pay-old", "Payments v0", "", "", "/old/", "", false, ""}}));
      return true;
    });
    ASSERT_TRUE(apis) << why(apis);
  }

  long long request_for_alice(AccessStatus status = AccessStatus::kApproved) {
    const std::string name = apps_made_++ == 0 ? "Checkout" : "App " + std::to_string(apps_made_);
    return make_request(make_app(alice_, name, AppVisibility::kPersonal), product_, plan_, status)
        .id;
  }

  std::vector<KeyGrant> live() {
    auto grants =
        db().read_result([](Transaction& tx) { return tx.get<GatewayRepository>().live_grants(); });
    EXPECT_TRUE(grants) << why(grants);
    return grants ? *grants : std::vector<KeyGrant>{};
  }

  std::vector<KeyChange> changes_after(long long seq) {
    auto changes = db().read_result(
        [&](Transaction& tx) { return tx.get<GatewayRepository>().changes_after(seq, 100000); });
    EXPECT_TRUE(changes) << why(changes);
    return changes ? *changes : std::vector<KeyChange>{};
  }

  long long last_change() {
    auto seq =
        db().read_result([](Transaction& tx) { return tx.get<GatewayRepository>().last_change(); });
    EXPECT_TRUE(seq) << why(seq);
    return seq ? *seq : -1;
  }

  User alice_;
  int apps_made_ = 0;
  long long product_ = 0;
  long long plan_ = 0;
};

TEST_P(GatewayContract, ALiveGrantCarriesItsOwnerPlanAndActiveListenPaths) {
  const auto key = issued_credential(request_for_alice(), "hash-live");
  issued_credential(request_for_alice(AccessStatus::kPending), "hash-pending");
  const auto grants = live();
  ASSERT_EQ(grants.size(), 1U);
  const auto& grant = grants[0].grant;
  EXPECT_EQ(grants[0].key_hash, "hash-live");
  EXPECT_EQ(grant.credential_id, key.id);
  EXPECT_EQ(grant.developer_id, alice_.id);
  EXPECT_EQ(grant.developer_email, "alice@acme.test");
  EXPECT_EQ(grant.organisation_name, "Acme");
  EXPECT_EQ(grant.app_name, "Checkout");
  ASSERT_NE(grant.plan, nullptr);
  EXPECT_EQ(grant.plan->plan_id, plan_);
  ASSERT_EQ(grant.plan->apis.size(), 1U);  // the inactive API opens nothing
  EXPECT_EQ(grant.plan->apis[0].listen_path, "/payments/");
  EXPECT_EQ(grant.plan->apis[0].product_id, product_);
  auto some = db().read_result([](Transaction& tx) {
    return tx.get<GatewayRepository>().live_grants_of({"hash-live", "hash-pending", "nothing"});
  });
  ASSERT_TRUE(some) << why(some);
  ASSERT_EQ(some->size(), 1U);
  EXPECT_EQ((*some)[0].key_hash, "hash-live");
}

TEST_P(GatewayContract, EveryChangeToWhatAKeyGrantsIsLogged) {
  const long long request = request_for_alice();
  const long long start = last_change();
  const auto key = issued_credential(request, "hash-a");
  auto logged = changes_after(start);
  ASSERT_FALSE(logged.empty());
  EXPECT_EQ(logged.back().key_hash, "hash-a");

  // Revoked: logged, and no longer live.
  long long seq = last_change();
  ASSERT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<atrium::CredentialRepository>().revoke(key.id, clock_.now());
  }));
  ASSERT_EQ(changes_after(seq).size(), 1U);
  EXPECT_TRUE(live().empty());

  // A deactivated owner, a rejected request, a deleted app: each logs the key.
  issued_credential(request_for_alice(), "hash-b");
  seq = last_change();
  User inactive = alice_;
  inactive.active = false;
  ASSERT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().update(inactive, std::nullopt, clock_.now());
  }));
  std::set<std::string> hashes;
  for (const auto& change : changes_after(seq)) hashes.insert(change.key_hash);
  EXPECT_TRUE(hashes.contains("hash-b"));
  EXPECT_TRUE(live().empty());

  const long long pending = request_for_alice(AccessStatus::kPending);
  issued_credential(pending, "hash-c");
  seq = last_change();
  ASSERT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<AccessRequestRepository>().decide(pending, AccessStatus::kRejected, alice_.id,
                                                    "no", clock_.now());
  }));
  ASSERT_FALSE(changes_after(seq).empty());
  EXPECT_EQ(changes_after(seq).back().key_hash, "hash-c");

  seq = last_change();
  ASSERT_TRUE(db().write_result(
      [&](Transaction& tx) { return tx.get<AccessRequestRepository>().remove(pending); }));
  ASSERT_FALSE(changes_after(seq).empty());
  EXPECT_EQ(changes_after(seq).back().key_hash, "hash-c");  // its credential went with it
}

class PrefixHasher final : public atrium::TokenHasher {
 public:
  std::string hash(std::string_view token) const override { return "h:" + std::string(token); }
};

// The bench seed writes its keys with the key log's triggers off on PostgreSQL (quadratic with
// them on): every seeded key is live, the log starts empty, and it logs the next change again.
TEST_P(GatewayContract, SeededKeysAreLiveAndTheKeyLogFollowsTheNextChange) {
  ASSERT_TRUE(seed_small_directory(60, 20));
  ASSERT_TRUE(atrium::store::seed_catalogue(db(), atrium::store::CatalogueSeedPlan{6, 1, 1, 1}));
  const PrefixHasher hasher;
  auto seeded = atrium::store::seed_apps(db(), hasher);
  ASSERT_TRUE(seeded) << why(seeded);
  ASSERT_GT(seeded->credentials, 0);
  const std::vector<KeyGrant> keys = live();
  ASSERT_EQ(static_cast<long long>(keys.size()), seeded->credentials);
  // Seeded keys share one plan and product: one copy of it for all of them.
  for (const KeyGrant& key : keys) EXPECT_EQ(key.grant.plan, keys.front().grant.plan);
  EXPECT_EQ(keys.front().key_hash,
            hasher.hash(atrium::store::seeded_key(keys.front().grant.credential_id)));
  EXPECT_TRUE(changes_after(0).empty());

  const long long seq = last_change();
  ASSERT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<atrium::CredentialRepository>().revoke(keys.front().grant.credential_id,
                                                         clock_.now());
  }));
  const auto logged = changes_after(seq);
  ASSERT_EQ(logged.size(), 1U);
  EXPECT_EQ(logged.front().key_hash, keys.front().key_hash);
}

// Writers on several connections issue keys while a reader follows the log by seq: a reader
// that only asks for what is past the last seq it saw must still see every key (the log grows
// in commit order: docs/gateway.md, "Staying current").
TEST_P(GatewayContract, TheLogGrowsInCommitOrderUnderConcurrentWriters) {
  constexpr int kWriters = 4;
  constexpr int kKeysEach = 25;
  std::vector<long long> requests;
  requests.reserve(static_cast<std::size_t>(kWriters) * kKeysEach);
  for (int i = 0; i < kWriters * kKeysEach; ++i) requests.push_back(request_for_alice());
  const long long start = last_change();
  std::atomic<int> writers_done{0};
  std::vector<std::thread> writers;
  writers.reserve(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int k = 0; k < kKeysEach; ++k) {
        const int n = w * kKeysEach + k;
        issued_credential(requests[static_cast<std::size_t>(n)], "hash-" + std::to_string(n));
      }
      ++writers_done;
    });
  }
  std::set<std::string> seen;
  long long after = start;
  auto follow = [&] {
    for (const auto& change : changes_after(after)) {
      EXPECT_GT(change.seq, after);
      after = change.seq;
      seen.insert(change.key_hash);
    }
  };
  while (writers_done < kWriters) follow();
  for (auto& t : writers) t.join();
  follow();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kWriters * kKeysEach));
}

TEST_P(GatewayContract, UsageFromSeveralServersAddsUp) {
  const auto key = issued_credential(request_for_alice(), "hash-used");
  const auto window = atrium::from_unix_ms(3'600'000LL * 500);
  const auto day = window;
  auto add = [&](long long n) {
    auto totals = db().write_result([&](Transaction& tx) {
      return tx.get<GatewayRepository>().add_usage(
          {{key.id, window, day, n}, {999999, window, day, 5}});
    });
    EXPECT_TRUE(totals) << why(totals);
    return totals ? *totals : std::vector<atrium::UsageTotals>{};
  };
  add(3);
  const auto totals = add(4);  // another server's flush
  ASSERT_EQ(totals.size(), 2U);
  EXPECT_EQ(totals[0].quota_used, 7);
  EXPECT_EQ(totals[0].today, 7);
  EXPECT_EQ(totals[1].quota_used, 0);  // the count of a key that does not exist is dropped
  auto read = db().read_result([&](Transaction& tx) {
    return tx.get<GatewayRepository>().usage(key.id, window + std::chrono::hours(1), day);
  });
  ASSERT_TRUE(read) << why(read);
  EXPECT_EQ(read->quota_used, 0);  // the next window starts empty
  EXPECT_EQ(read->today, 7);
}

// A flush is written in upserts of a hundred keys, the rest in powers of two (each statement text
// prepared once): keys in every batch are counted, a key without a quota by the day only.
TEST_P(GatewayContract, AFlushOfManyKeysCountsEveryOne) {
  const auto key = issued_credential(request_for_alice(), "hash-many");
  const auto unlimited = issued_credential(request_for_alice(), "hash-many-unlimited");
  const auto window = atrium::from_unix_ms(3'600'000LL * 500);
  std::vector<atrium::UsageDelta> deltas;
  deltas.reserve(250);
  for (long long i = 0; i < 250; ++i) deltas.push_back({900'000 + i, window, window, 1});
  deltas[180] = {key.id, window, window, 6};
  deltas[245] = {unlimited.id, std::nullopt, window, 9};  // in the last batch of two
  for (int flush = 1; flush <= 2; ++flush) {
    auto totals = db().write_result(
        [&](Transaction& tx) { return tx.get<GatewayRepository>().add_usage(deltas); });
    ASSERT_TRUE(totals) << why(totals);
    ASSERT_EQ(totals->size(), 249U) << "totals of the keys with a quota only";
    EXPECT_EQ((*totals)[180].credential_id, key.id);
    EXPECT_EQ((*totals)[180].quota_used, 6 * flush);
    EXPECT_EQ((*totals)[180].today, 6 * flush);
    EXPECT_EQ((*totals)[0].quota_used, 0) << "keys that do not exist are dropped";
  }
  auto read = db().read_result([&](Transaction& tx) {
    return tx.get<GatewayRepository>().usage(unlimited.id, std::nullopt, window);
  });
  ASSERT_TRUE(read) << why(read);
  EXPECT_EQ(read->today, 18);
}

ATRIUM_CONTRACT_BACKENDS(GatewayContract);

}  // namespace
