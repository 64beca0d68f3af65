#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/storage.hpp"

namespace atrium {

// What a key has used (DESIGN §11), as every server has flushed it: at most one flush interval
// (PORTAL_GATEWAY_FLUSHINTERVAL) behind the gateway.
struct KeyUsage {
  long long requests_today = 0;              // since 00:00 UTC
  std::optional<long long> quota;            // the plan's quota per window; none: no quota
  std::optional<long long> quota_remaining;  // in the current window
};

// Reads keys' usage for the pages and the API that show a credential; who may see the
// credential is decided before (CredentialService, AppService).
class KeyUsageService {
 public:
  KeyUsageService(Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  Result<std::map<CredentialId, KeyUsage>> usage(const std::vector<Credential>& credentials);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace atrium
