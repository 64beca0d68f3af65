#include "app/platform.hpp"

#include <utility>

namespace atrium::app {

namespace {

crypto::Argon2idParams hash_params(const PasswordConfig& config) {
  crypto::Argon2idParams p;
  p.memory_bytes = config.hash_memory_bytes;
  p.iterations = config.hash_iterations;
  p.max_concurrent = config.hash_concurrency;
  return p;
}

store::DatabaseOptions database_options(const DatabaseConfig& config) {
  store::DatabaseOptions o;
  o.dialect = config.dialect;
  o.connection_string = config.connection_string;
  o.pool_size = config.pool_size;
  o.busy_timeout = config.busy_timeout;
  return o;
}

}  // namespace

Platform::Platform(Config c, const Overrides& overrides)
    : config(std::move(c)),
      clock(overrides.clock != nullptr ? *overrides.clock : system_clock),
      argon2id(hash_params(config.password)),
      password_hasher(overrides.password_hasher != nullptr ? *overrides.password_hasher : argon2id),
      password_rules(&zxcvbn, config.password.min_strength, config.portal_name),
      database(store::open_database(database_options(config.database))),
      versions(*database, clock),
      sign_in_memory(versions),
      list_cache(config.server.response_cache_bytes, versions) {}

}  // namespace atrium::app
