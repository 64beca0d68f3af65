// The gateway's pure parts (domain/gateway): listen-path matching, the grant index, the per-key
// rate limiter, with an injected time.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "domain/gateway/grant_index.hpp"
#include "domain/gateway/rate_limiter.hpp"

namespace atrium {
namespace {

using namespace std::chrono_literals;

// A fixed moment (the limiter and the index take the time as an argument).
TimePoint at(std::chrono::seconds offset = 0s) {
  return std::chrono::system_clock::time_point{} + 1000h + offset;
}

TEST(ListenPath, OpensItsPathAndWhatIsBelowItOnly) {
  EXPECT_TRUE(under_listen_path("/payments", "/payments"));
  EXPECT_TRUE(under_listen_path("/payments/charges", "/payments"));
  EXPECT_TRUE(under_listen_path("/payments?x=1", "/payments"));
  EXPECT_FALSE(under_listen_path("/paymentsX", "/payments"));
  EXPECT_FALSE(under_listen_path("/pay", "/payments"));
  EXPECT_TRUE(under_listen_path("/payments/v1/x", "/payments/"));
  EXPECT_FALSE(under_listen_path("/payments", "/payments/"));
  EXPECT_FALSE(under_listen_path("/anything", ""));
}

Grant grant_with(std::vector<std::string> listen_paths, std::optional<TimePoint> expires = {}) {
  Grant grant;
  grant.credential_id = 7;
  grant.expires_at = expires;
  long long product = 0;
  GrantPlan plan;
  for (auto& path : listen_paths) plan.apis.push_back({++product, "p", std::move(path)});
  grant.plan = std::make_shared<const GrantPlan>(std::move(plan));
  return grant;
}

TEST(GrantPlanPool, EqualPlansShareOneCopyAndAnyDifferenceKeepsItsOwn) {
  GrantPlanPool pool;
  const auto plan = [](PlanId id, std::string listen_path, long long rate = 0) {
    return GrantPlan{id,
                     "pro",
                     GrantLimits{rate, 1, rate == 0, 0, 0, true},
                     {{1, "Payments", std::move(listen_path)}}};
  };
  const auto first = pool.intern(plan(1, "/payments/"));
  EXPECT_EQ(pool.intern(plan(1, "/payments/")), first);
  EXPECT_NE(pool.intern(plan(2, "/payments/")), first);      // another plan
  EXPECT_NE(pool.intern(plan(1, "/ledger/")), first);        // other APIs
  EXPECT_NE(pool.intern(plan(1, "/payments/", 10)), first);  // other limits
  EXPECT_EQ(pool.size(), 4U);
  EXPECT_EQ(first->apis.at(0).listen_path, "/payments/");
}

// A grant without a plan (never built by the store) opens nothing rather than crashing.
TEST(GrantIndex, AGrantWithoutAPlanOpensNothing) {
  GrantIndex index;
  Grant bare;
  bare.credential_id = 9;
  index.replace({{"hash-bare", bare}});
  EXPECT_EQ(index.check("hash-bare", "/payments/x", at(0s)).outcome,
            GrantIndex::Outcome::kOutsideProducts);
}

TEST(GrantIndex, AnswersEachOutcomeAndPicksTheLongestListenPath) {
  GrantIndex index;
  index.replace({{"hash-live", grant_with({"/payments/", "/payments/v2/"})},
                 {"hash-old", grant_with({"/payments/"}, at(-1s))}});
  EXPECT_EQ(index.size(), 2U);
  EXPECT_EQ(index.check("hash-none", "/payments/x", at()).outcome,
            GrantIndex::Outcome::kUnknownKey);
  EXPECT_EQ(index.check("hash-old", "/payments/x", at()).outcome, GrantIndex::Outcome::kExpired);
  EXPECT_EQ(index.check("hash-live", "/ledger/x", at()).outcome,
            GrantIndex::Outcome::kOutsideProducts);
  const auto allowed = index.check("hash-live", "/payments/v2/charges", at());
  ASSERT_EQ(allowed.outcome, GrantIndex::Outcome::kAllowed);
  EXPECT_EQ(allowed.api->listen_path, "/payments/v2/");
  // A reload replaces everything: a key that is gone is unknown at once.
  index.replace({});
  EXPECT_EQ(index.check("hash-live", "/payments/x", at()).outcome,
            GrantIndex::Outcome::kUnknownKey);
}

TEST(ConstantTimeEqual, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(RateLimiter, BurstsToTheRateThenRefillsAtItsPace) {
  RateLimiter limiter;
  const GrantLimits five_per_10s{5, 10, false, 0, 0, true};
  for (int i = 0; i < 5; ++i) {
    const auto a = limiter.take(1, five_per_10s, at());
    EXPECT_TRUE(a.allowed) << i;
    EXPECT_EQ(a.limit, 5);
    EXPECT_EQ(a.remaining, 4 - i);
  }
  const auto refused = limiter.take(1, five_per_10s, at());
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 2);  // one token every 2 s
  EXPECT_EQ(refused.reset_seconds, 10);
  EXPECT_TRUE(limiter.take(2, five_per_10s, at()).allowed);  // another key has its own bucket
  EXPECT_FALSE(limiter.take(1, five_per_10s, at(1s)).allowed);
  EXPECT_TRUE(limiter.take(1, five_per_10s, at(2s)).allowed);
  EXPECT_FALSE(limiter.take(1, five_per_10s, at(2s)).allowed);
}

TEST(RateLimiter, UnlimitedPlansAreNotCounted) {
  RateLimiter limiter;
  const GrantLimits unlimited;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.take(1, unlimited, at()).allowed);
  EXPECT_FALSE(limiter.take(1, unlimited, at()).limited);
}

TEST(RateLimiter, ForgetsIdleKeysOnly) {
  RateLimiter limiter;
  const GrantLimits one_per_minute{1, 60, false, 0, 0, true};
  EXPECT_TRUE(limiter.take(1, one_per_minute, at()).allowed);
  EXPECT_TRUE(limiter.take(2, one_per_minute, at(100s)).allowed);
  EXPECT_EQ(limiter.tracked(), 2U);
  limiter.forget_idle(at(120s), 60s);
  EXPECT_EQ(limiter.tracked(), 1U);  // key 1 was idle for 120 s, key 2 for 20 s
  EXPECT_FALSE(limiter.take(2, one_per_minute, at(120s)).allowed);
}

}  // namespace
}  // namespace atrium
