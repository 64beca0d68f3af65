#pragma once

#include "core/result.hpp"
#include "store/database.hpp"

// Fills a seeded directory and catalogue (seed_directory, seed_catalogue) with developer apps in
// realistic shapes, for benchmarks (`atrium seed`, bench/run): one app per consumer of a real
// organisation, two in five of them shared (one in five with the owner's teams, one in five with
// the organisation); half the apps with an approved access request on a public plan, and its
// credential. A seeded credential holds a marker instead of a key's hash: no seeded key opens
// anything.
namespace atrium::store {

struct AppSeedReport {
  long long apps = 0;
  long long access_requests = 0;
  long long credentials = 0;
};

Result<AppSeedReport> seed_apps(SociDatabase& db);

}  // namespace atrium::store
