#pragma once

#include <memory>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "crypto/argon2id_hasher.hpp"
#include "crypto/sha256_token_hasher.hpp"
#include "crypto/sodium_random.hpp"
#include "crypto/zxcvbn_strength.hpp"
#include "domain/auth/sign_in_memory.hpp"
#include "domain/freshness/version_board.hpp"
#include "domain/identity/password_hasher.hpp"
#include "domain/identity/password_policy.hpp"
#include "http/response_cache.hpp"
#include "store/database.hpp"

namespace atrium::app {

// Parts a test may replace (an injected clock, say); null means the production part.
struct Overrides {
  const Clock* clock = nullptr;
  PasswordHasher* password_hasher = nullptr;
};

// The concrete adapters every feature module is built on: configuration, clock, randomness,
// hashers, the password rules, the database and the versions of its data in memory, metrics and
// the response cache. Built first, destroyed last.
struct Platform {
  Platform(Config c, const Overrides& overrides);

  Config config;
  SystemClock system_clock;
  const Clock& clock;
  crypto::SodiumRandom random;
  crypto::Sha256TokenHasher token_hasher;
  crypto::Argon2idHasher argon2id;
  PasswordHasher& password_hasher;
  crypto::ZxcvbnStrength zxcvbn;
  PasswordRules password_rules;
  std::unique_ptr<store::SociDatabase> database;
  // The data versions in memory (FreshnessModule polls them) and what they keep current.
  VersionBoard versions;
  SignInMemory sign_in_memory;
  Metrics metrics;
  http::ResponseCache list_cache;
};

}  // namespace atrium::app
