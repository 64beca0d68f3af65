#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "domain/gateway/grant.hpp"

namespace atrium {

// The gateway's in-memory index (DESIGN §11): key hash → grant. The keys are spread over shards,
// each behind a reader-writer lock, so checks on the I/O threads share them and a change of one
// key (a revocation) locks one shard for one insertion, never copies the index.
class GrantIndex {
 public:
  enum class Outcome {
    kUnknownKey,       // 401: no live key has this hash (revoked and deleted keys are not loaded)
    kExpired,          // 401
    kOutsideProducts,  // 403: a live key, but no API of its grant covers the path
    kAllowed,
  };

  struct Lookup {
    Outcome outcome = Outcome::kUnknownKey;
    std::shared_ptr<const Grant> grant;  // set unless kUnknownKey
    const GrantApi* api = nullptr;       // kAllowed: the API matched (the longest listen path)
  };

  using Entries = std::vector<KeyGrant>;

  // Replaces every grant: a key not in `entries` is unknown once its shard is replaced.
  void replace(Entries&& entries);
  // The grants of the `changed` keys were re-read: each leaves the index, then those of `live`
  // (the changed keys that are still live) come back with their new grant.
  void apply(const std::vector<std::string>& changed, Entries&& live);
  Lookup check(std::string_view key_hash, std::string_view path, TimePoint now) const;
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }
  // Whether a first replace() is done: before it, "unknown" would wrongly refuse live keys.
  bool loaded() const { return loaded_.load(std::memory_order_acquire); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, std::shared_ptr<const Grant>, Hash, std::equal_to<>>;
  struct Shard {
    mutable std::shared_mutex mutex;
    Map grants;
  };
  static constexpr std::size_t kShards = 64;
  static std::size_t shard_of(std::string_view key_hash);

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> size_{0};
  std::atomic<bool> loaded_{false};
};

// Equality of two strings in time that depends on their lengths only.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace atrium
