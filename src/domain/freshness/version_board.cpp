#include "domain/freshness/version_board.hpp"

#include <algorithm>

namespace atrium {

Result<long long> VersionBoard::current(DataSet set) {
  ATRIUM_ASSIGN_OR_RETURN(auto versions, current_versions());
  return version_of(versions, set);
}

Result<long long> VersionBoard::in_snapshot(DataSet set) {
  ATRIUM_ASSIGN_OR_RETURN(auto versions, db_.read_result([](Transaction& tx) {
    return tx.get<DataVersionRepository>().read();
  }));
  return version_of(versions, set);
}

Result<DataVersions> VersionBoard::current_versions() {
  const std::uint64_t writes = db_.committed_writes();
  {
    std::lock_guard lock(mutex_);
    if (published_.loaded && published_.covers_writes >= writes) return published_.versions;
  }
  return read_and_publish();
}

Status VersionBoard::poll() {
  ATRIUM_TRY(read_and_publish());
  return ok();
}

Result<DataVersions> VersionBoard::read_and_publish() {
  // Counted before reading: every commit counted here is in the state read below.
  const std::uint64_t writes = db_.committed_writes();
  std::optional<DataVersions> read;
  const Status status = db_.read_now([&read](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto versions, tx.get<DataVersionRepository>().read());
    read = versions;
    return ok();
  });
  if (!status) return fail(status.error());
  reads_.fetch_add(1, std::memory_order_relaxed);
  const TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  // Two reads may finish out of order: the earlier state never replaces a later one.
  if (!published_.loaded || same_or_later(*read, published_.versions)) {
    published_.versions = *read;
  }
  published_.covers_writes = std::max(published_.covers_writes, writes);
  published_.loaded = true;
  read_at_ms_.store(to_unix_ms(now), std::memory_order_relaxed);
  return published_.versions;
}

std::optional<TimePoint> VersionBoard::read_at() const {
  const long long ms = read_at_ms_.load(std::memory_order_relaxed);
  if (ms < 0) return std::nullopt;
  return from_unix_ms(ms);
}

}  // namespace atrium
