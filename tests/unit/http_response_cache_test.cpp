// ResponseCache answers again only while the current version is the one an answer was computed
// at, keeps only successful answers, and stays within its byte budget, least recently used first.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/error.hpp"
#include "http/response_cache.hpp"

namespace atrium::http {
namespace {

// The versions as memory knows them (`version`) and as the computing request's snapshot has them
// (`snapshot`, the same unless a test makes them differ).
struct Source final : DataVersionSource {
  long long version = 1;
  std::optional<long long> snapshot;
  bool readable = true;
  int version_reads = 0;
  int computed = 0;
  DataSet last_set = DataSet::kDirectory;

  Result<long long> current(DataSet set) override { return read(set, version); }
  Result<long long> in_snapshot(DataSet set) override {
    return read(set, snapshot.value_or(version));
  }
  Result<long long> read(DataSet set, long long value) {
    ++version_reads;
    last_set = set;
    if (!readable) return fail(make_error(ErrorCode::kUnavailable, "db.down", "down"));
    return value;
  }
  Response compute(std::string body, int status = 200) {
    ++computed;
    return Response::text(status, std::move(body), "application/json");
  }
};

Response ask(ResponseCache& cache, Source& source, const std::string& key, std::string body,
             int status = 200) {
  return cache.answer(key, DataSet::kCatalogue,
                      [&source, body, status] { return source.compute(body, status); });
}

TEST(ResponseCache, AnswersAgainWhileTheVersionIsTheSame) {
  Source source;
  ResponseCache cache(1 << 20, source);
  EXPECT_EQ(ask(cache, source, "a", "first").body, "first");
  EXPECT_EQ(ask(cache, source, "a", "second").body, "first");
  EXPECT_EQ(source.computed, 1);
  EXPECT_EQ(cache.hits(), 1U);
  EXPECT_EQ(cache.misses(), 1U);
  EXPECT_EQ(ask(cache, source, "b", "other").body, "other");  // keys are apart
  EXPECT_EQ(source.computed, 2);
}

TEST(ResponseCache, ANewVersionComputesAgainAndReplacesTheAnswer) {
  Source source;
  ResponseCache cache(1 << 20, source);
  ask(cache, source, "a", "v1");
  source.version = 2;
  EXPECT_EQ(ask(cache, source, "a", "v2").body, "v2");
  EXPECT_EQ(ask(cache, source, "a", "v2 again").body, "v2");
  EXPECT_EQ(source.computed, 2);
  EXPECT_EQ(cache.entries(), 1U);
}

TEST(ResponseCache, AnOlderVersionNeverReplacesANewerAnswer) {
  Source source;
  ResponseCache cache(1 << 20, source);
  source.version = 5;
  ask(cache, source, "a", "v5");
  source.version = 4;  // a request whose snapshot began before the last change
  EXPECT_EQ(ask(cache, source, "a", "v4").body, "v4");
  source.version = 5;
  EXPECT_EQ(ask(cache, source, "a", "v5 again").body, "v5");
}

TEST(ResponseCache, StoresWithTheSnapshotsVersionAndHitsOnTheCurrentOne) {
  Source source;
  ResponseCache cache(1 << 20, source);
  source.version = 1;
  source.snapshot = 2;  // memory has not seen another node's change yet; the snapshot has
  EXPECT_EQ(ask(cache, source, "a", "at 2").body, "at 2");
  EXPECT_EQ(source.last_set, DataSet::kCatalogue);
  EXPECT_EQ(ask(cache, source, "a", "at 2 again").body, "at 2 again") << "1 is not 2: computed";
  source.version = 2;  // memory caught up
  EXPECT_EQ(ask(cache, source, "a", "later").body, "at 2 again");
  EXPECT_EQ(source.computed, 2);
}

TEST(ResponseCache, KeepsOnlySuccessfulAnswers) {
  Source source;
  ResponseCache cache(1 << 20, source);
  EXPECT_EQ(ask(cache, source, "a", "refused", 400).status, 400);
  EXPECT_EQ(ask(cache, source, "a", "fine").body, "fine");
  EXPECT_EQ(source.computed, 2);
  EXPECT_EQ(cache.entries(), 1U);
}

TEST(ResponseCache, AnUnreadableVersionComputesAndStoresNothing) {
  Source source;
  ResponseCache cache(1 << 20, source);
  source.readable = false;
  EXPECT_EQ(ask(cache, source, "a", "one").body, "one");
  EXPECT_EQ(ask(cache, source, "a", "two").body, "two");
  EXPECT_EQ(cache.entries(), 0U);
}

TEST(ResponseCache, WithoutABudgetItNeitherReadsTheVersionNorStores) {
  Source source;
  ResponseCache cache(0, source);
  EXPECT_FALSE(cache.enabled());
  EXPECT_EQ(ask(cache, source, "a", "one").body, "one");
  EXPECT_EQ(ask(cache, source, "a", "two").body, "two");
  EXPECT_EQ(source.version_reads, 0);
  EXPECT_EQ(cache.entries(), 0U);
}

TEST(ResponseCache, StaysWithinItsBudgetDroppingTheLeastRecentlyUsed) {
  Source source;
  ResponseCache cache(8 * 1024, source);
  const std::string body(1000, 'x');
  for (const char* key : {"a", "b", "c", "d", "e"}) ask(cache, source, key, body);
  ask(cache, source, "a", body);  // "a" is now the most recently used
  for (const char* key : {"f", "g"}) ask(cache, source, key, body);
  EXPECT_LE(cache.bytes(), 8U * 1024U);
  const int before = source.computed;
  ask(cache, source, "a", body);
  EXPECT_EQ(source.computed, before);  // kept
  ask(cache, source, "b", body);
  EXPECT_EQ(source.computed, before + 1);  // dropped first
}

TEST(ResponseCache, AnAnswerOverAQuarterOfTheBudgetIsNotKept) {
  Source source;
  ResponseCache cache(8 * 1024, source);
  ask(cache, source, "big", std::string(3000, 'x'));
  EXPECT_EQ(cache.entries(), 0U);
}

TEST(ResponseCache, KeysTellViewersRoutesAndQueriesApart) {
  const QueryPairs page1 = {{"page", "1"}};
  EXPECT_NE(response_cache_key("/r", 1, page1), response_cache_key("/r", 2, page1));
  EXPECT_NE(response_cache_key("/r", 1, page1), response_cache_key("/s", 1, page1));
  EXPECT_NE(response_cache_key("/r", 1, page1), response_cache_key("/r", 1, {{"page", "2"}}));
  EXPECT_NE(response_cache_key("/r", 1, {{"a", "1&b=2"}}),
            response_cache_key("/r", 1, {{"a", "1"}, {"b", "2"}}));
}

}  // namespace
}  // namespace atrium::http
