#pragma once

#include <array>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "domain/gateway/gateway_repository.hpp"
#include "domain/gateway/grant.hpp"

namespace atrium {

// Each key's quota and requests per day on this node (DESIGN §11). A check counts in memory;
// now and then the counts since the last flush go to the database in one batch, which answers
// the totals of every node. A key is refused once the last known total plus this node's count
// since reaches the quota, so nodes admit at most what the others counted since their last flush
// beyond it (docs/gateway.md, "Quotas across nodes"). Quota windows are aligned to the Unix
// epoch (every node agrees on them without talking), days are UTC days. Thread-safe.
class QuotaCounter {
 public:
  struct Answer {
    bool allowed = true;
    bool limited = false;  // the plan has a quota
    long long limit = 0;
    long long remaining = 0;      // after this request
    long long reset_seconds = 0;  // until the window renews
  };
  struct Usage {
    long long today = 0;
    std::optional<long long> quota_remaining;  // none: no quota
  };

  // Counts one request of this key, unless its quota is spent.
  Answer take(CredentialId key, const GrantLimits& limits, TimePoint now);
  // What this node knows of a key's usage now (totals at the last flush plus its count since).
  Usage usage(CredentialId key, const GrantLimits& limits, TimePoint now);
  // The counts since the last flush, taken out; give them to settle() or restore().
  std::vector<UsageDelta> drain();
  // The database's totals after adding the drained counts.
  void settle(const std::vector<UsageTotals>& totals);
  // A flush failed: the counts go back, to be flushed next time.
  void restore(const std::vector<UsageDelta>& deltas);
  // Forgets keys with nothing to flush that were not seen for `idle`.
  void forget_idle(TimePoint now, std::chrono::seconds idle);

  // The start of the quota window `now` is in; none for a plan without a quota.
  static std::optional<TimePoint> window_start(const GrantLimits& limits, TimePoint now);
  static TimePoint day_start(TimePoint now);

 private:
  struct Entry {
    std::optional<TimePoint> quota_start;
    TimePoint day_start;
    long long quota_shared = 0;  // the window's total at the last flush (every node)
    long long today_shared = 0;
    long long unflushed = 0;  // counted here since the last drain, in these periods
    TimePoint seen;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<CredentialId, Entry> entries;
    std::vector<UsageDelta> pending;  // counts of periods that ended before a drain
    // Keys whose count rose from 0 since the last drain (some perhaps twice): a drain reads
    // these, not every entry (a million keys, the most of them idle).
    std::vector<CredentialId> counted;
  };
  static constexpr std::size_t kShards = 16;
  Shard& shard_of(CredentialId key) { return shards_[static_cast<std::size_t>(key) % kShards]; }
  // The entry, moved into the periods of `now` (the counts of ended ones kept for the flush).
  static Entry& current(Shard& shard, CredentialId key, const GrantLimits& limits, TimePoint now);
  static void count(Shard& shard, CredentialId key, Entry& entry, long long requests);

  std::array<Shard, kShards> shards_;
};

}  // namespace atrium
