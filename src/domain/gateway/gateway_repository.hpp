#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/gateway/grant.hpp"
#include "domain/storage.hpp"

namespace atrium {

// The versions a full load of the grants depends on besides the key change log: plans and
// listen paths (content), names of developers and organisations (directory), app names (apps).
struct GrantSourceVersions {
  long long content = 0;
  long long directory = 0;
  long long apps = 0;
  bool operator==(const GrantSourceVersions&) const = default;
};

// A change log entry: this key's grant may have changed at `seq`.
struct KeyChange {
  long long seq = 0;
  std::string key_hash;
};

// Requests a node counted for one key since its last flush, in the quota window that starts at
// `quota_start` (none: the key's plan has no quota) and on the UTC day that starts at `day_start`.
struct UsageDelta {
  CredentialId credential_id = 0;
  std::optional<TimePoint> quota_start;
  TimePoint day_start;
  long long requests = 0;
};

// A key's counts of every node, in a quota window (none: no quota) and on a day.
struct UsageTotals {
  CredentialId credential_id = 0;
  std::optional<TimePoint> quota_start;
  TimePoint day_start;
  long long quota_used = 0;
  long long today = 0;
};

// What the gateway reads (DESIGN §11). Live: the key is issued, not revoked, of an approved
// access request, of an active user's app; its APIs are the active APIs with a listen path of
// the request's products.
class GatewayRepository : public Repository {
 public:
  ~GatewayRepository() override = default;
  virtual Result<GrantSourceVersions> source_versions() = 0;
  // The highest seq in the change log (0 when it is empty).
  virtual Result<long long> last_change() = 0;
  // Entries with seq > after, in seq order, at most `limit`.
  virtual Result<std::vector<KeyChange>> changes_after(long long after, long long limit) = 0;
  // Every live grant.
  virtual Result<std::vector<KeyGrant>> live_grants() = 0;
  // The live grants among these keys (the others are not live).
  virtual Result<std::vector<KeyGrant>> live_grants_of(const std::vector<std::string>& hashes) = 0;
  // Forgets log entries changed before `before`; how many.
  virtual Result<long long> prune_changes(TimePoint before) = 0;
  // Adds the deltas (deltas of removed keys are dropped) and returns the totals.
  virtual Result<std::vector<UsageTotals>> add_usage(const std::vector<UsageDelta>& deltas) = 0;
  // Requests in the quota window that starts at `quota_start` and on the day of `day_start`.
  virtual Result<UsageTotals> usage(CredentialId credential, std::optional<TimePoint> quota_start,
                                    TimePoint day_start) = 0;
};

}  // namespace atrium
