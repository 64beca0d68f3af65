#include "domain/gateway/grant_index.hpp"

#include <mutex>
#include <utility>

namespace atrium {

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

std::size_t GrantIndex::shard_of(std::string_view key_hash) {
  // The last bytes: hex digests spread evenly there, and the map's own hash reads the whole key.
  std::size_t mix = key_hash.size();
  for (std::size_t i = key_hash.size() > 4 ? key_hash.size() - 4 : 0; i < key_hash.size(); ++i) {
    mix = mix * 131 + static_cast<unsigned char>(key_hash[i]);
  }
  return mix % kShards;
}

void GrantIndex::replace(Entries&& entries) {
  std::array<Map, kShards> next;
  for (auto& entry : entries) {
    next[shard_of(entry.key_hash)].insert_or_assign(
        std::move(entry.key_hash), std::make_shared<const Grant>(std::move(entry.grant)));
  }
  std::size_t total = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    total += next[i].size();
    std::unique_lock lock(shards_[i].mutex);
    shards_[i].grants.swap(next[i]);
  }
  size_.store(total, std::memory_order_relaxed);
  loaded_.store(true, std::memory_order_release);
  // `next` now holds the old grants: freed here, outside every lock.
}

void GrantIndex::apply(const std::vector<std::string>& changed, Entries&& live) {
  for (const std::string& hash : changed) {
    Shard& shard = shards_[shard_of(hash)];
    std::unique_lock lock(shard.mutex);
    if (shard.grants.erase(hash) > 0) size_.fetch_sub(1, std::memory_order_relaxed);
  }
  for (auto& entry : live) {
    auto grant = std::make_shared<const Grant>(std::move(entry.grant));
    Shard& shard = shards_[shard_of(entry.key_hash)];
    std::unique_lock lock(shard.mutex);
    if (shard.grants.insert_or_assign(std::move(entry.key_hash), std::move(grant)).second) {
      size_.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

GrantIndex::Lookup GrantIndex::check(std::string_view key_hash, std::string_view path,
                                     TimePoint now) const {
  Lookup out;
  {
    const Shard& shard = shards_[shard_of(key_hash)];
    std::shared_lock lock(shard.mutex);
    const auto found = shard.grants.find(key_hash);
    if (found == shard.grants.end() || !constant_time_equal(found->first, key_hash)) return out;
    out.grant = found->second;
  }
  const Grant& grant = *out.grant;
  if (grant.expires_at && *grant.expires_at <= now) {
    out.outcome = Outcome::kExpired;
    return out;
  }
  if (grant.plan == nullptr) {
    out.outcome = Outcome::kOutsideProducts;
    return out;
  }
  for (const GrantApi& api : grant.plan->apis) {
    if (!under_listen_path(path, api.listen_path)) continue;
    if (out.api == nullptr || api.listen_path.size() > out.api->listen_path.size()) out.api = &api;
  }
  out.outcome = out.api != nullptr ? Outcome::kAllowed : Outcome::kOutsideProducts;
  return out;
}

}  // namespace atrium
