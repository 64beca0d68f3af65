#pragma once

#include <chrono>

namespace atrium {

using TimePoint = std::chrono::system_clock::time_point;

// Injected wherever time matters so that expiry can be tested without waiting.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// Milliseconds since the Unix epoch: the form times take in storage.
inline long long to_unix_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint from_unix_ms(long long ms) { return TimePoint(std::chrono::milliseconds(ms)); }

}  // namespace atrium
