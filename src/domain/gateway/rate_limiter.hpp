#pragma once

#include <array>
#include <mutex>
#include <unordered_map>

#include "core/clock.hpp"
#include "domain/gateway/grant.hpp"

namespace atrium {

// The plan's rate limit of each key on this node (DESIGN §11): a token bucket of `rate` tokens
// refilled at rate/per per second, so a key may burst up to its rate and then keeps to it.
// Thread-safe: keys are spread over independently locked shards.
class RateLimiter {
 public:
  struct Answer {
    bool allowed = true;
    bool limited = false;         // the key has a rate limit (the headers are meaningful)
    long long limit = 0;          // X-RateLimit-Limit
    long long remaining = 0;      // X-RateLimit-Remaining, after this request
    long long reset_seconds = 0;  // X-RateLimit-Reset: until the bucket is full again
    long long retry_after = 0;    // refused: seconds until the next request would pass
  };

  Answer take(CredentialId key, const GrantLimits& limits, TimePoint now);
  // Forgets keys not seen for `idle` (their buckets would be full again anyway).
  void forget_idle(TimePoint now, std::chrono::seconds idle);
  std::size_t tracked();  // keys with a bucket (metrics, tests)

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint updated;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<CredentialId, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;
  std::array<Shard, kShards> shards_;
};

}  // namespace atrium
