// The gateway's check without HTTP or a database: the index's incremental changes, the quota
// counter across nodes (with the bound on over-admission of docs/gateway.md), the key checker's
// outcomes, and how the HTTP layer reads the key and the original path.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "domain/gateway/key_check.hpp"
#include "http/api/gateway_routes.hpp"
#include "support/manual_clock.hpp"

namespace atrium {
namespace {

using namespace std::chrono_literals;

// Keys "hash" to themselves with a mark, so tests can put hashes in the index.
class MarkingHasher final : public TokenHasher {
 public:
  std::string hash(std::string_view token) const override { return "h:" + std::string(token); }
};

std::shared_ptr<const GrantPlan> plan_of(std::vector<GrantApi> apis, GrantLimits limits = {}) {
  return std::make_shared<const GrantPlan>(GrantPlan{1, "pro", limits, std::move(apis)});
}

KeyGrant key_grant(std::string hash, CredentialId id, GrantLimits limits = {}) {
  KeyGrant out{std::move(hash), {}};
  out.grant.credential_id = id;
  out.grant.plan = plan_of({{1, "Payments", "/payments"}}, limits);
  return out;
}

TEST(GrantIndexApply, RemovesChangedKeysAndPutsBackTheLiveOnes) {
  GrantIndex index;
  index.replace({key_grant("a", 1), key_grant("b", 2), key_grant("c", 3)});
  ASSERT_EQ(index.size(), 3U);
  // "a" was revoked, "b" re-read with a new product, "d" newly issued.
  KeyGrant b = key_grant("b", 2);
  b.grant.plan = plan_of({{2, "Ledger", "/ledger"}});
  index.apply({"a", "b", "d"}, {b, key_grant("d", 4)});
  EXPECT_EQ(index.size(), 3U);
  const TimePoint now = from_unix_ms(0);
  EXPECT_EQ(index.check("a", "/payments", now).outcome, GrantIndex::Outcome::kUnknownKey);
  EXPECT_EQ(index.check("b", "/payments", now).outcome, GrantIndex::Outcome::kOutsideProducts);
  EXPECT_EQ(index.check("b", "/ledger/x", now).outcome, GrantIndex::Outcome::kAllowed);
  EXPECT_EQ(index.check("c", "/payments", now).outcome, GrantIndex::Outcome::kAllowed);
  EXPECT_EQ(index.check("d", "/payments", now).outcome, GrantIndex::Outcome::kAllowed);
}

constexpr GrantLimits kTenPerHour{0, 0, true, 10, 3600, false};

TEST(QuotaCounter, RefusesAtTheQuotaAndRenewsWithTheWindow) {
  QuotaCounter quotas;
  const TimePoint start = from_unix_ms(3600LL * 1000 * 500);  // a window boundary
  for (int i = 0; i < 10; ++i) {
    const auto answer = quotas.take(1, kTenPerHour, start + 1s);
    ASSERT_TRUE(answer.allowed) << i;
    EXPECT_EQ(answer.remaining, 9 - i);
  }
  const auto refused = quotas.take(1, kTenPerHour, start + 10min);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reset_seconds, 50 * 60);
  EXPECT_TRUE(quotas.take(1, kTenPerHour, start + 1h).allowed);  // the next window
  EXPECT_EQ(quotas.usage(1, kTenPerHour, start + 1h).quota_remaining, 9);
}

TEST(QuotaCounter, FlushesCountsOnceAndLearnsOtherNodesTotals) {
  QuotaCounter quotas;
  const TimePoint now = from_unix_ms(3600LL * 1000 * 500);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(quotas.take(1, kTenPerHour, now).allowed);
  auto deltas = quotas.drain();
  ASSERT_EQ(deltas.size(), 1U);
  EXPECT_EQ(deltas[0].requests, 3);
  EXPECT_EQ(deltas[0].quota_start, now);
  EXPECT_TRUE(quotas.drain().empty());  // nothing counted twice
  // The database answers 9: another node counted 6.
  quotas.settle({{1, now, QuotaCounter::day_start(now), 9, 9}});
  EXPECT_EQ(quotas.usage(1, kTenPerHour, now).quota_remaining, 1);
  EXPECT_EQ(quotas.usage(1, kTenPerHour, now).today, 9);
  EXPECT_TRUE(quotas.take(1, kTenPerHour, now).allowed);
  EXPECT_FALSE(quotas.take(1, kTenPerHour, now).allowed);
}

TEST(QuotaCounter, AFailedFlushGivesTheCountsBack) {
  QuotaCounter quotas;
  const TimePoint now = from_unix_ms(3600LL * 1000 * 500);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(quotas.take(1, kTenPerHour, now).allowed);
  quotas.restore(quotas.drain());
  const auto again = quotas.drain();
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].requests, 4);
}

TEST(QuotaCounter, CountsOfAnEndedWindowAreStillFlushed) {
  QuotaCounter quotas;
  const TimePoint start = from_unix_ms(3600LL * 1000 * 500);
  ASSERT_TRUE(quotas.take(1, kTenPerHour, start).allowed);
  ASSERT_TRUE(quotas.take(1, kTenPerHour, start + 1h).allowed);
  auto deltas = quotas.drain();
  ASSERT_EQ(deltas.size(), 2U);
  std::map<long long, long long> by_window;
  for (const auto& d : deltas) by_window[to_unix_ms(*d.quota_start)] += d.requests;
  EXPECT_EQ(by_window[to_unix_ms(start)], 1);
  EXPECT_EQ(by_window[to_unix_ms(start + 1h)], 1);
}

// A drain reads the keys counted since the last one (not every key the node knows), each once.
TEST(QuotaCounter, DrainsTheKeysCountedSinceTheLastDrainOnce) {
  QuotaCounter quotas;
  const TimePoint now = from_unix_ms(3600LL * 1000 * 500);
  for (CredentialId key = 1; key <= 100; ++key) {
    ASSERT_TRUE(quotas.take(key, kTenPerHour, now).allowed);
  }
  EXPECT_EQ(quotas.drain().size(), 100U);
  ASSERT_TRUE(quotas.take(7, kTenPerHour, now).allowed);
  ASSERT_TRUE(quotas.take(7, kTenPerHour, now).allowed);
  ASSERT_TRUE(quotas.take(9, kTenPerHour, now).allowed);
  ASSERT_TRUE(quotas.take(9, kTenPerHour, now + 1h).allowed);  // and again in the next window
  std::map<std::pair<CredentialId, long long>, long long> drained;
  for (const auto& d : quotas.drain()) {
    drained[{d.credential_id, to_unix_ms(*d.quota_start)}] += d.requests;
  }
  const std::map<std::pair<CredentialId, long long>, long long> expected = {
      {{7, to_unix_ms(now)}, 2}, {{9, to_unix_ms(now)}, 1}, {{9, to_unix_ms(now + 1h)}, 1}};
  EXPECT_EQ(drained, expected);
  EXPECT_TRUE(quotas.drain().empty());
}

TEST(QuotaCounter, KeysWithoutAQuotaAreCountedForTheDayOnly) {
  QuotaCounter quotas;
  const GrantLimits unlimited;
  const TimePoint now = from_unix_ms(3600LL * 1000 * 500);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(quotas.take(1, unlimited, now).allowed);
  EXPECT_FALSE(quotas.usage(1, unlimited, now).quota_remaining.has_value());
  EXPECT_EQ(quotas.usage(1, unlimited, now).today, 50);
  const auto deltas = quotas.drain();
  ASSERT_EQ(deltas.size(), 1U);
  EXPECT_FALSE(deltas[0].quota_start.has_value());
}

// N nodes share one quota through a "database" they flush to in turn. Every node admits R
// requests per tick until it believes the quota spent; a node flushes every F ticks. The total
// admitted stays within quota + (N - 1) × R × 2F (docs/gateway.md, "Quotas across nodes").
TEST(QuotaCounter, NodesOverAdmitNoMoreThanTheWrittenBound) {
  constexpr int kNodes = 3;
  constexpr long long kPerTick = 5;
  constexpr int kFlushTicks = 4;
  const GrantLimits quota{0, 0, true, 200, 3600, false};
  const TimePoint now = from_unix_ms(3600LL * 1000 * 500);
  std::vector<QuotaCounter> nodes(kNodes);
  long long shared = 0;
  long long admitted = 0;
  for (int tick = 0; tick < 200; ++tick) {
    for (int n = 0; n < kNodes; ++n) {
      for (long long r = 0; r < kPerTick; ++r) admitted += nodes[n].take(1, quota, now).allowed;
      if ((tick + n) % kFlushTicks == 0) {  // the nodes flush at different moments
        for (const auto& delta : nodes[n].drain()) shared += delta.requests;
        nodes[n].settle({{1, now, QuotaCounter::day_start(now), shared, shared}});
      }
    }
  }
  EXPECT_GE(admitted, quota.quota);  // the quota itself is given out
  EXPECT_LE(admitted, quota.quota + (kNodes - 1) * kPerTick * 2 * kFlushTicks);
  for (auto& node : nodes) EXPECT_FALSE(node.take(1, quota, now).allowed);
}

class KeyCheckerTest : public ::testing::Test {
 protected:
  GrantIndex index;
  RateLimiter rates;
  QuotaCounter quotas;
  MarkingHasher hasher;
  testing::ManualClock clock;
  KeyChecker checker{index, rates, quotas, hasher, clock};
};

TEST_F(KeyCheckerTest, AnswersEveryOutcome) {
  KeyGrant expired = key_grant("h:old", 2);
  expired.grant.expires_at = clock.now() - 1s;
  index.replace({key_grant("h:live", 1, {2, 60, false, 0, 0, true}), expired,
                 key_grant("h:quota", 3, {0, 0, true, 1, 3600, false})});
  EXPECT_EQ(checker.check("", "/payments").outcome, CheckOutcome::kMissingKey);
  EXPECT_EQ(checker.check(std::string(600, 'k'), "/payments").outcome, CheckOutcome::kMalformedKey);
  EXPECT_EQ(checker.check("li ve", "/payments").outcome, CheckOutcome::kMalformedKey);
  EXPECT_EQ(checker.check("nope", "/payments").outcome, CheckOutcome::kUnknownKey);
  EXPECT_EQ(checker.check("old", "/payments").outcome, CheckOutcome::kExpiredKey);
  EXPECT_EQ(checker.check("live", "/ledger").outcome, CheckOutcome::kOutsideProducts);
  const auto allowed = checker.check("live", "/payments/charges");
  ASSERT_EQ(allowed.outcome, CheckOutcome::kAllowed);
  EXPECT_EQ(allowed.api->product_name, "Payments");
  EXPECT_EQ(allowed.rate.remaining, 1);
  EXPECT_EQ(checker.check("live", "/payments").outcome, CheckOutcome::kAllowed);
  const auto limited = checker.check("live", "/payments");
  EXPECT_EQ(limited.outcome, CheckOutcome::kRateLimited);
  EXPECT_EQ(limited.retry_after, 30);
  EXPECT_EQ(checker.check("quota", "/payments").outcome, CheckOutcome::kAllowed);
  const auto spent = checker.check("quota", "/payments");
  EXPECT_EQ(spent.outcome, CheckOutcome::kQuotaExceeded);
  EXPECT_GE(spent.retry_after, 1);
}

// Before the first load every key would look unknown: a restart must not refuse live keys.
TEST_F(KeyCheckerTest, AnswersLoadingUntilTheIndexIsLoaded) {
  EXPECT_EQ(checker.check("live", "/payments").outcome, CheckOutcome::kIndexLoading);
  EXPECT_EQ(checker.check("", "/payments").outcome, CheckOutcome::kMissingKey);
  index.replace({});
  EXPECT_EQ(checker.check("live", "/payments").outcome, CheckOutcome::kUnknownKey);
}

TEST_F(KeyCheckerTest, RefusedPathsAreNotCounted) {
  index.replace({key_grant("h:live", 1, {1, 60, false, 0, 0, true})});
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(checker.check("live", "/other").outcome, CheckOutcome::kOutsideProducts);
  EXPECT_EQ(checker.check("live", "/payments").outcome, CheckOutcome::kAllowed);
}

http::Request with_headers(std::vector<std::pair<std::string, std::string>> headers,
                           std::string path = "/gateway/v1/check") {
  http::Request request;
  request.method = "GET";
  request.path = std::move(path);
  request.headers = std::move(headers);
  return request;
}

TEST(GatewayRequest, ReadsTheKeyFromAuthorizationThenTheKeyHeader) {
  EXPECT_EQ(http::presented_key(with_headers({{"authorization", "Bearer atr_x"}}), "x-api-key"),
            "atr_x");
  EXPECT_EQ(http::presented_key(with_headers({{"authorization", "bearer  atr_y"}}), "x-api-key"),
            "atr_y");
  EXPECT_EQ(http::presented_key(with_headers({{"authorization", "atr_z"}}), "x-api-key"), "atr_z");
  EXPECT_EQ(http::presented_key(with_headers({{"x-api-key", "atr_k"}}), "x-api-key"), "atr_k");
  EXPECT_EQ(http::presented_key(with_headers({{"x-key", "atr_k"}}), "x-api-key"), "");
}

TEST(GatewayRequest, TakesTheOriginalPathFromEachKindOfProxy) {
  EXPECT_EQ(*http::original_path(with_headers({{"x-original-uri", "/payments/a%20b?k=v"}})),
            "/payments/a b");
  EXPECT_EQ(*http::original_path(with_headers({{"x-forwarded-uri", "/ledger"}})), "/ledger");
  EXPECT_EQ(*http::original_path(with_headers({}, "/gateway/v1/check/payments/x")), "/payments/x");
  EXPECT_EQ(*http::original_path(with_headers({})), "/");
}

TEST(GatewayRequest, RefusesPathsAProxyWouldResolveElsewhere) {
  for (const std::string& uri : std::vector<std::string>{
           "/payments/../admin", "/payments/%2e%2e/admin", "/payments%2F..%2Fadmin", "/./payments",
           "payments", "/pay%ZZ", "/pay%0aments", std::string("/") + std::string(9000, 'a')}) {
    const auto path = http::original_path(with_headers({{"x-original-uri", uri}}));
    ASSERT_FALSE(path.has_value()) << uri;
    EXPECT_EQ(path.error().id, "gateway.uri_rejected");
    EXPECT_EQ(path.error().code, ErrorCode::kForbidden);
  }
}

// The route's answer while the index loads: 503 with Retry-After, so a gateway retries, not 401.
TEST_F(KeyCheckerTest, TheRouteAnswers503WhileTheIndexLoads) {
  http::Router router;
  http::add_gateway_routes(router, checker, {.key_header = "x-api-key", .secret = ""});
  auto request = with_headers({{"authorization", "live"}, {"x-original-uri", "/payments"}});
  const auto match = router.match("GET", request.path);
  ASSERT_EQ(match.kind, http::RouteMatch::Kind::kFound);
  const http::Response response = match.route->handler(request);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.header("Retry-After"), "1");
  EXPECT_NE(response.body.find("gateway.index_loading"), std::string::npos);
}

}  // namespace
}  // namespace atrium
