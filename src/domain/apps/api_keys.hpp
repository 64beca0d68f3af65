#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "domain/apps/credential_repository.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/catalogue/plan.hpp"

// API keys (DESIGN §10): 192 random bits behind a recognisable prefix; only their hash is kept.
namespace atrium {

inline constexpr std::size_t kApiKeyPrefixLength = 12;  // "atr_" and 8 characters of the key

struct NewApiKey {
  std::string key;
  KeyDigest digest;
};

NewApiKey make_api_key(Random& random, const TokenHasher& hasher);

// The digest of a key issued elsewhere (custom credentials).
KeyDigest digest_of(std::string_view key, const TokenHasher& hasher);

// When a key issued now on `plan` ends: none when the plan's KeyExpiresIn is 0.
std::optional<TimePoint> key_expiry(const Plan& plan, TimePoint now);

}  // namespace atrium
