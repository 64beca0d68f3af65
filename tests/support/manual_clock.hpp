#pragma once

#include <atomic>

#include "core/clock.hpp"

namespace atrium::testing {

// A clock that only moves when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = from_unix_ms(1'790'000'000'000))
      : now_ms_(to_unix_ms(start)) {}
  TimePoint now() const override { return from_unix_ms(now_ms_.load()); }
  void advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }
  void set(TimePoint t) { now_ms_ = to_unix_ms(t); }

 private:
  std::atomic<long long> now_ms_;
};

}  // namespace atrium::testing
