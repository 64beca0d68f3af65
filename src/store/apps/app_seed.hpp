#pragma once

#include <string>

#include "core/result.hpp"
#include "domain/auth/token_hasher.hpp"
#include "store/database.hpp"

// Fills a seeded directory and catalogue (seed_directory, seed_catalogue) with developer apps in
// realistic shapes, for benchmarks (`atrium seed`, bench/run): one app per consumer of a real
// organisation, two in five of them shared (one in five with the owner's teams, one in five with
// the organisation); every app of an active user with an approved access request for the first
// product of the first public catalogue on its second plan ("pro"), and an issued credential. For
// benchmarks only: credential N's key is "atr_seed_N" (bench/run asks the gateway check with them),
// so anyone can guess a seeded key.
namespace atrium::store {

struct AppSeedReport {
  long long apps = 0;
  long long access_requests = 0;
  long long credentials = 0;
};

Result<AppSeedReport> seed_apps(SociDatabase& db, const TokenHasher& hasher);

// The key of seeded credential `id`.
std::string seeded_key(long long id);

}  // namespace atrium::store
