#pragma once

#include <memory>
#include <string_view>

#include "core/clock.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/gateway/grant_index.hpp"
#include "domain/gateway/quota_counter.hpp"
#include "domain/gateway/rate_limiter.hpp"

namespace atrium {

// The gateway's answer to one request (DESIGN §11), without HTTP: the HTTP layer maps the
// outcome to a status and headers.
enum class CheckOutcome {
  kAllowed,          // 200
  kMissingKey,       // 401
  kMalformedKey,     // 401: too long or not printable ASCII (never hashed)
  kUnknownKey,       // 401: not a live key (revoked, deleted, never issued)
  kExpiredKey,       // 401
  kOutsideProducts,  // 403
  kRateLimited,      // 429
  kQuotaExceeded,    // 429
  kIndexLoading,     // 503: the index is not loaded yet after a start (no key can be judged)
};

struct CheckResult {
  CheckOutcome outcome = CheckOutcome::kMissingKey;
  std::shared_ptr<const Grant> grant;  // from kOutsideProducts on
  const GrantApi* api = nullptr;       // from kRateLimited on: the API the path is under
  RateLimiter::Answer rate;
  QuotaCounter::Answer quota;
  long long retry_after = 0;  // 429: seconds
};

// Keys are "atr_" and base64url text, custom keys are what other issuers give out: anything
// longer than this, or with a byte outside printable ASCII, is not a key.
inline constexpr std::size_t kMaxGatewayKeyLength = 512;

class KeyChecker {
 public:
  KeyChecker(const GrantIndex& index, RateLimiter& rates, QuotaCounter& quotas,
             const TokenHasher& hasher, const Clock& clock)
      : index_(index), rates_(rates), quotas_(quotas), hasher_(hasher), clock_(clock) {}

  // `key` as presented (empty: none), `path` the original request's, already normalised. Counts
  // the request against the key's limits when it is allowed.
  CheckResult check(std::string_view key, std::string_view path) const;

 private:
  const GrantIndex& index_;
  RateLimiter& rates_;
  QuotaCounter& quotas_;
  const TokenHasher& hasher_;
  const Clock& clock_;
};

}  // namespace atrium
