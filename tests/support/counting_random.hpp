#pragma once

#include <cstdint>
#include <mutex>

#include "core/random.hpp"

namespace atrium::testing {

// Deterministic, distinct byte streams (a counter through splitmix64); for unit tests only.
class CountingRandom final : public Random {
 public:
  void fill(std::span<std::byte> out) override {
    std::lock_guard lock(mutex_);
    for (auto& b : out) {
      if (available_ == 0) {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        word_ = z ^ (z >> 31U);
        available_ = 8;
      }
      b = static_cast<std::byte>(word_ & 0xFFU);
      word_ >>= 8U;
      --available_;
    }
  }

 private:
  std::mutex mutex_;
  std::uint64_t state_ = 0;
  std::uint64_t word_ = 0;
  int available_ = 0;
};

}  // namespace atrium::testing
