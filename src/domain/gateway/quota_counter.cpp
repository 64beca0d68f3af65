#include "domain/gateway/quota_counter.hpp"

#include <algorithm>

namespace atrium {

std::optional<TimePoint> QuotaCounter::window_start(const GrantLimits& limits, TimePoint now) {
  if (limits.unlimited_quota || limits.quota <= 0 || limits.quota_period <= 0) return std::nullopt;
  const auto period = std::chrono::seconds(limits.quota_period);
  const auto since_epoch = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  return TimePoint(since_epoch - since_epoch % period);
}

TimePoint QuotaCounter::day_start(TimePoint now) {
  return TimePoint(std::chrono::floor<std::chrono::days>(now.time_since_epoch()));
}

QuotaCounter::Entry& QuotaCounter::current(Shard& shard, CredentialId key,
                                           const GrantLimits& limits, TimePoint now) {
  const auto quota_start = window_start(limits, now);
  const auto day = day_start(now);
  auto [it, fresh] = shard.entries.try_emplace(key, Entry{quota_start, day, 0, 0, 0, now});
  Entry& entry = it->second;
  entry.seen = now;
  if (fresh || (entry.quota_start == quota_start && entry.day_start == day)) return entry;
  if (entry.unflushed > 0) {
    shard.pending.push_back({key, entry.quota_start, entry.day_start, entry.unflushed});
  }
  if (entry.quota_start != quota_start) entry.quota_shared = 0;
  if (entry.day_start != day) entry.today_shared = 0;
  entry.quota_start = quota_start;
  entry.day_start = day;
  entry.unflushed = 0;
  return entry;
}

void QuotaCounter::count(Shard& shard, CredentialId key, Entry& entry, long long requests) {
  if (entry.unflushed == 0) shard.counted.push_back(key);
  entry.unflushed += requests;
}

QuotaCounter::Answer QuotaCounter::take(CredentialId key, const GrantLimits& limits,
                                        TimePoint now) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  Entry& entry = current(shard, key, limits, now);
  Answer out;
  if (entry.quota_start) {
    out.limited = true;
    out.limit = limits.quota;
    const auto end = *entry.quota_start + std::chrono::seconds(limits.quota_period);
    out.reset_seconds = std::chrono::ceil<std::chrono::seconds>(end - now).count();
    const long long used = entry.quota_shared + entry.unflushed;
    if (used >= limits.quota) {
      out.allowed = false;
      return out;
    }
    out.remaining = limits.quota - used - 1;
  }
  count(shard, key, entry, 1);
  return out;
}

QuotaCounter::Usage QuotaCounter::usage(CredentialId key, const GrantLimits& limits,
                                        TimePoint now) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  const Entry& entry = current(shard, key, limits, now);
  Usage out;
  out.today = entry.today_shared + entry.unflushed;
  if (entry.quota_start) {
    out.quota_remaining = std::max(0LL, limits.quota - entry.quota_shared - entry.unflushed);
  }
  return out;
}

std::vector<UsageDelta> QuotaCounter::drain() {
  std::vector<UsageDelta> out;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    std::move(shard.pending.begin(), shard.pending.end(), std::back_inserter(out));
    shard.pending.clear();
    for (const CredentialId key : shard.counted) {
      const auto found = shard.entries.find(key);
      // Listed twice, or its count moved to `pending` when its period ended.
      if (found == shard.entries.end() || found->second.unflushed == 0) continue;
      Entry& entry = found->second;
      out.push_back({key, entry.quota_start, entry.day_start, entry.unflushed});
      // Counted as shared until the totals come back, so the key does not get these again.
      entry.quota_shared += entry.unflushed;
      entry.today_shared += entry.unflushed;
      entry.unflushed = 0;
    }
    shard.counted.clear();
  }
  return out;
}

void QuotaCounter::settle(const std::vector<UsageTotals>& totals) {
  for (const UsageTotals& total : totals) {
    Shard& shard = shard_of(total.credential_id);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.entries.find(total.credential_id);
    if (found == shard.entries.end()) continue;
    // Totals of a period that has since ended say nothing of the current one.
    if (found->second.quota_start == total.quota_start) {
      found->second.quota_shared = std::max(found->second.quota_shared, total.quota_used);
    }
    if (found->second.day_start == total.day_start) {
      found->second.today_shared = std::max(found->second.today_shared, total.today);
    }
  }
}

void QuotaCounter::restore(const std::vector<UsageDelta>& deltas) {
  for (const UsageDelta& delta : deltas) {
    Shard& shard = shard_of(delta.credential_id);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.entries.find(delta.credential_id);
    if (found != shard.entries.end() && found->second.quota_start == delta.quota_start &&
        found->second.day_start == delta.day_start) {
      count(shard, delta.credential_id, found->second, delta.requests);
      found->second.quota_shared -= delta.requests;
      found->second.today_shared -= delta.requests;
    } else {
      shard.pending.push_back(delta);
    }
  }
}

void QuotaCounter::forget_idle(TimePoint now, std::chrono::seconds idle) {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    std::erase_if(shard.entries, [&](const auto& item) {
      return item.second.unflushed == 0 && now - item.second.seen > idle;
    });
  }
}

}  // namespace atrium
