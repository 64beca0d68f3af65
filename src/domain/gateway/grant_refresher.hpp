#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/gateway/gateway_repository.hpp"
#include "domain/gateway/grant_index.hpp"
#include "domain/gateway/quota_counter.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Keeps a node's grant index current (DESIGN §11) and flushes its usage counts. Every poll reads
// the key change log past what it has applied and re-reads only those keys; a change of plans or
// products (content_version), or a gap in the log, reloads everything. The app layer's thread
// calls poll() every few hundred milliseconds and flush_usage() every second; tests call them
// directly. One caller at a time.
class GrantRefresher {
 public:
  // Log entries are kept this long (pruned by any node); a node that could not poll for half
  // of it reloads everything instead of trusting the log.
  static constexpr std::chrono::hours kChangeRetention{1};
  // Half the retention, in minutes: hours{1} / 2 would be zero hours, a full reload every poll.
  static constexpr std::chrono::minutes kTrustLogFor{30};

  struct PollResult {
    bool full_load = false;
    std::size_t keys_changed = 0;  // re-read from the log
  };

  GrantRefresher(Database& db, GrantIndex& index, QuotaCounter& quotas, const Clock& clock)
      : db_(db), index_(index), quotas_(quotas), clock_(clock) {}

  Result<PollResult> poll();
  // Adds the counts since the last flush to the shared ones; the totals come back to the counter.
  Status flush_usage();
  // Deletes log entries older than the retention.
  Result<long long> prune();

  // When the index was last known current (none before the first load): the lag metric.
  std::optional<TimePoint> current_as_of() const;
  long long applied_seq() const { return applied_seq_.load(std::memory_order_relaxed); }

 private:
  Status full_load(TimePoint now);

  Database& db_;
  GrantIndex& index_;
  QuotaCounter& quotas_;
  const Clock& clock_;
  std::optional<GrantSourceVersions> versions_;
  std::atomic<long long> applied_seq_{0};
  std::atomic<long long> current_as_of_ms_{-1};
};

}  // namespace atrium
