#include "domain/apps/api_keys.hpp"

#include <algorithm>
#include <chrono>

#include "core/ids.hpp"

namespace atrium {

namespace {
constexpr std::size_t kKeyBytes = 24;
}  // namespace

NewApiKey make_api_key(Random& random, const TokenHasher& hasher) {
  NewApiKey out;
  out.key = "atr_" + random_base64url(random, kKeyBytes);
  out.digest = digest_of(out.key, hasher);
  return out;
}

KeyDigest digest_of(std::string_view key, const TokenHasher& hasher) {
  // A short key shows a third of itself at most: the prefix must not give the key away.
  const std::size_t shown = std::min(kApiKeyPrefixLength, key.size() / 3);
  return KeyDigest{hasher.hash(key), std::string(key.substr(0, shown))};
}

std::optional<TimePoint> key_expiry(const Plan& plan, TimePoint now) {
  if (plan.fields.key_expires_in <= 0) return std::nullopt;
  return now + std::chrono::seconds(plan.fields.key_expires_in);
}

}  // namespace atrium
