#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/clock.hpp"
#include "domain/freshness/data_versions.hpp"
#include "domain/storage.hpp"

namespace atrium {

// A node's memory of the data versions (DESIGN §7), so that cached answers and sign-in grants are
// checked without SQL:
// - after this node commits a write (Database::committed_writes), the next current() reads the
//   versions again before answering: what a node wrote is seen by its next request at once;
// - what other nodes write shows after the next poll(): the app's thread polls every
//   kPollInterval, so a change is seen everywhere within kStalenessBound.
// Thread-safe.
class VersionBoard final : public DataVersionSource {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{200};
  // The poll interval, plus the time one poll may take before it counts as late (a slow poll is
  // logged; docs/decisions.md, "Versions in memory").
  static constexpr std::chrono::milliseconds kStalenessBound{1000};

  VersionBoard(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<long long> current(DataSet set) override;
  Result<long long> in_snapshot(DataSet set) override;
  Result<DataVersions> current_versions();

  // Reads the versions and publishes them (the background thread; tests call it directly).
  Status poll();
  // When the published versions were last read (none before the first read): the lag metric.
  std::optional<TimePoint> read_at() const;
  std::uint64_t reads() const { return reads_.load(std::memory_order_relaxed); }

 private:
  struct Published {
    DataVersions versions;
    std::uint64_t covers_writes = 0;  // this node's commits made before the versions were read
    bool loaded = false;
  };
  // Reads in a transaction begun now (never the request's older shared snapshot) and publishes.
  Result<DataVersions> read_and_publish();

  Database& db_;
  const Clock& clock_;
  mutable std::mutex mutex_;  // guards published_
  Published published_;
  std::atomic<long long> read_at_ms_{-1};
  std::atomic<std::uint64_t> reads_{0};
};

}  // namespace atrium
