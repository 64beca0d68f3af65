#include "domain/gateway/grant_refresher.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

namespace atrium {

namespace {

constexpr long long kChangesPerRead = 5000;

}  // namespace

Status GrantRefresher::full_load(TimePoint now) {
  struct Loaded {
    GrantSourceVersions versions;
    long long seq = 0;
    std::vector<KeyGrant> grants;
  };
  // The log position is read before the grants: a change committed in between is in both, and
  // re-reading its key later is harmless.
  auto loaded = db_.read_result([](Transaction& tx) -> Result<Loaded> {
    auto& repo = tx.get<GatewayRepository>();
    auto versions = repo.source_versions();
    if (!versions) return fail(std::move(versions).error());
    auto seq = repo.last_change();
    if (!seq) return fail(std::move(seq).error());
    auto grants = repo.live_grants();
    if (!grants) return fail(std::move(grants).error());
    return Loaded{*versions, *seq, std::move(*grants)};
  });
  if (!loaded) return fail(std::move(loaded).error());
  index_.replace(std::move(loaded->grants));
  versions_ = loaded->versions;
  applied_seq_.store(loaded->seq, std::memory_order_relaxed);
  current_as_of_ms_.store(to_unix_ms(now), std::memory_order_relaxed);
  return ok();
}

Result<GrantRefresher::PollResult> GrantRefresher::poll() {
  const TimePoint now = clock_.now();
  PollResult out;
  const auto as_of = current_as_of();
  if (!versions_ || !as_of || now - *as_of > kTrustLogFor) {
    if (auto loaded = full_load(now); !loaded) return fail(std::move(loaded).error());
    out.full_load = true;
    return out;
  }
  for (;;) {
    struct Changes {
      GrantSourceVersions versions;
      std::vector<KeyChange> changes;
      std::vector<KeyGrant> live;
      std::vector<std::string> hashes;
    };
    const long long after = applied_seq();
    auto read = db_.read_result([&](Transaction& tx) -> Result<Changes> {
      auto& repo = tx.get<GatewayRepository>();
      Changes changes;
      auto versions = repo.source_versions();
      if (!versions) return fail(std::move(versions).error());
      changes.versions = *versions;
      if (versions->content != versions_->content) return changes;  // everything is re-read
      auto log = repo.changes_after(after, kChangesPerRead);
      if (!log) return fail(std::move(log).error());
      changes.changes = std::move(*log);
      std::unordered_set<std::string> seen;
      for (const KeyChange& change : changes.changes) {
        if (seen.insert(change.key_hash).second) changes.hashes.push_back(change.key_hash);
      }
      auto live = repo.live_grants_of(changes.hashes);
      if (!live) return fail(std::move(live).error());
      changes.live = std::move(*live);
      return changes;
    });
    if (!read) return fail(std::move(read).error());
    if (read->versions.content != versions_->content) {
      if (auto loaded = full_load(now); !loaded) return fail(std::move(loaded).error());
      out.full_load = true;
      return out;
    }
    versions_ = read->versions;
    out.keys_changed += read->hashes.size();
    if (!read->changes.empty()) {
      index_.apply(read->hashes, std::move(read->live));
      applied_seq_.store(read->changes.back().seq, std::memory_order_relaxed);
    }
    if (static_cast<long long>(read->changes.size()) < kChangesPerRead) break;
  }
  current_as_of_ms_.store(to_unix_ms(now), std::memory_order_relaxed);
  return out;
}

Status GrantRefresher::flush_usage() {
  auto deltas = quotas_.drain();
  if (deltas.empty()) return ok();
  auto totals = db_.write_result(
      [&](Transaction& tx) { return tx.get<GatewayRepository>().add_usage(deltas); });
  if (!totals) {
    quotas_.restore(deltas);
    return fail(std::move(totals).error());
  }
  quotas_.settle(*totals);
  return ok();
}

Result<long long> GrantRefresher::prune() {
  const TimePoint before = clock_.now() - kChangeRetention;
  return db_.write_result(
      [&](Transaction& tx) { return tx.get<GatewayRepository>().prune_changes(before); });
}

std::optional<TimePoint> GrantRefresher::current_as_of() const {
  const long long ms = current_as_of_ms_.load(std::memory_order_relaxed);
  if (ms < 0) return std::nullopt;
  return from_unix_ms(ms);
}

}  // namespace atrium
