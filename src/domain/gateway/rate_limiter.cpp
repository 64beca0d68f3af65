#include "domain/gateway/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace atrium {

namespace {

long long ceil_seconds(double seconds) {
  return std::max(0LL, static_cast<long long>(std::ceil(seconds - 1e-9)));
}

}  // namespace

RateLimiter::Answer RateLimiter::take(CredentialId key, const GrantLimits& limits, TimePoint now) {
  Answer out;
  if (limits.unlimited_rate || limits.rate <= 0 || limits.per <= 0) return out;
  out.limited = true;
  out.limit = limits.rate;
  const auto capacity = static_cast<double>(limits.rate);
  const double per_second = capacity / static_cast<double>(limits.per);
  Shard& shard = shards_[static_cast<std::size_t>(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto [it, fresh] = shard.buckets.try_emplace(key, Bucket{capacity, now});
  Bucket& bucket = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(capacity, bucket.tokens + std::max(0.0, elapsed) * per_second);
    bucket.updated = std::max(bucket.updated, now);
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
  } else {
    out.allowed = false;
    out.retry_after = std::max(1LL, ceil_seconds((1.0 - bucket.tokens) / per_second));
  }
  out.remaining = static_cast<long long>(std::floor(bucket.tokens));
  out.reset_seconds = ceil_seconds((capacity - bucket.tokens) / per_second);
  return out;
}

void RateLimiter::forget_idle(TimePoint now, std::chrono::seconds idle) {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    std::erase_if(shard.buckets,
                  [&](const auto& entry) { return now - entry.second.updated > idle; });
  }
}

std::size_t RateLimiter::tracked() {
  std::size_t n = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.buckets.size();
  }
  return n;
}

}  // namespace atrium
