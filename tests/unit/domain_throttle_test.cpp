#include <gtest/gtest.h>

#include "domain/auth/throttle.hpp"

namespace atrium {
namespace {

using std::chrono::seconds;

TEST(ThrottleDelay, FreeFailuresThenDoublingWaitsUpToTheCap) {
  const ThrottleRule rule{5, seconds(30), seconds(900), seconds(900)};
  const TimePoint t = from_unix_ms(1'000'000'000'000);
  EXPECT_EQ(throttle_delay(rule, 0, t, t), seconds(0));
  EXPECT_EQ(throttle_delay(rule, 4, t, t), seconds(0));
  EXPECT_EQ(throttle_delay(rule, 5, t, t), seconds(30));
  EXPECT_EQ(throttle_delay(rule, 6, t, t), seconds(60));
  EXPECT_EQ(throttle_delay(rule, 7, t, t), seconds(120));
  EXPECT_EQ(throttle_delay(rule, 10, t, t), seconds(900));   // capped
  EXPECT_EQ(throttle_delay(rule, 500, t, t), seconds(900));  // no overflow
  // The wait runs from the latest failure.
  EXPECT_EQ(throttle_delay(rule, 5, t, t + seconds(10)), seconds(20));
  EXPECT_EQ(throttle_delay(rule, 5, t, t + seconds(30)), seconds(0));
}

}  // namespace
}  // namespace atrium
