#include "domain/gateway/key_check.hpp"

#include <algorithm>

namespace atrium {

namespace {

bool looks_like_key(std::string_view key) {
  return key.size() <= kMaxGatewayKeyLength &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

CheckResult KeyChecker::check(std::string_view key, std::string_view path) const {
  CheckResult out;
  if (key.empty()) return out;
  if (!looks_like_key(key)) {
    out.outcome = CheckOutcome::kMalformedKey;
    return out;
  }
  if (!index_.loaded()) {
    out.outcome = CheckOutcome::kIndexLoading;
    return out;
  }
  const TimePoint now = clock_.now();
  auto lookup = index_.check(hasher_.hash(key), path, now);
  out.grant = std::move(lookup.grant);
  switch (lookup.outcome) {
    case GrantIndex::Outcome::kUnknownKey:
      out.outcome = CheckOutcome::kUnknownKey;
      return out;
    case GrantIndex::Outcome::kExpired:
      out.outcome = CheckOutcome::kExpiredKey;
      return out;
    case GrantIndex::Outcome::kOutsideProducts:
      out.outcome = CheckOutcome::kOutsideProducts;
      return out;
    case GrantIndex::Outcome::kAllowed:
      break;
  }
  out.api = lookup.api;
  const Grant& grant = *out.grant;
  out.rate = rates_.take(grant.credential_id, grant.plan->limits, now);
  if (!out.rate.allowed) {
    out.outcome = CheckOutcome::kRateLimited;
    out.retry_after = out.rate.retry_after;
    return out;
  }
  out.quota = quotas_.take(grant.credential_id, grant.plan->limits, now);
  if (!out.quota.allowed) {
    out.outcome = CheckOutcome::kQuotaExceeded;
    out.retry_after = std::max(1LL, out.quota.reset_seconds);
    return out;
  }
  out.outcome = CheckOutcome::kAllowed;
  return out;
}

}  // namespace atrium
