// The gateway index's refresh (docs/gateway.md, "Staying current"): the first poll loads every
// key; later polls read only the change log, until the log has gone unread for half its
// retention. A regression: `hours{1} / 2` made every poll a full reload.
#include "domain/gateway/grant_refresher.hpp"

#include <gtest/gtest.h>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

class GrantRefresherTest : public ServiceTest {
 protected:
  bool full_load() {
    auto polled = refresher_.poll();
    EXPECT_TRUE(polled) << why(polled);
    return polled && polled->full_load;
  }

  GrantIndex index_;
  QuotaCounter quotas_;
  GrantRefresher refresher_{*db_, index_, quotas_, clock_};
};

TEST_F(GrantRefresherTest, OnlyTheFirstPollAndOneAfterALongGapReloadEverything) {
  EXPECT_TRUE(full_load());
  EXPECT_FALSE(full_load()) << "nothing changed: the log is enough";
  clock_.advance(std::chrono::minutes(10));
  EXPECT_FALSE(full_load());
  clock_.advance(GrantRefresher::kTrustLogFor + std::chrono::minutes(1));
  EXPECT_TRUE(full_load()) << "the log may have been pruned past what this node read";
}

}  // namespace
}  // namespace atrium::service
