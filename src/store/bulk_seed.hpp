#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

// Fills a database with a synthetic directory for benchmarks (`atrium seed`, bench/run): users,
// organisations, teams and memberships shaped like a real portal, written with multi-row INSERTs
// in one transaction. Rows look exactly like the ones the services create (UUID CIDs, a default
// team "<Name> All users" per organisation, lower-cased keys).
namespace atrium::store {

struct SeedPlan {
  long long users = 10'000;
  long long organisations = 1'000;
  // A few organisations hold `large_size` users each; the rest are small (geometric sizes).
  long long large_organisations = 1;
  long long large_size = 5'000;
  // Users of a large organisation are placed in teams ("departments") of this size.
  long long department_size = 100;
  // One precomputed password hash for every seeded user (hashing a million passwords would take
  // hours).
  std::string password_hash;
  std::string email_domain = "seed.example";
  std::uint64_t shape_seed = 1;  // the same seed gives the same shapes (not the same CIDs)
};

// What was written, and users a benchmark can sign in as or look up. All are active consumers
// whose password is the plan's.
struct SeedReport {
  long long users = 0;
  long long organisations = 0;
  long long teams = 0;
  long long memberships = 0;
  double seconds = 0;
  std::string small_org_user;    // email: a consumer-admin of a small organisation (≥ 8 users)
  std::string large_org_user;    // email: a department member of the first large organisation
  long long middle_user_id = 0;  // a user in the middle of the id range
  std::string middle_user_email;
  std::string middle_user_last;  // a last name (few users share one)
  // Filled by Application::seed from store::seed_catalogue.
  long long catalogues = 0;
  long long products = 0;
  long long plans = 0;
  long long apps = 0;
  long long access_requests = 0;
  long long credentials = 0;
};

// Validates the plan (kInvalidArgument), then writes it. Ids continue after the existing rows, so
// seeding twice adds a second directory. The database must be migrated.
Result<SeedReport> seed_directory(SociDatabase& db, const SeedPlan& plan);

}  // namespace atrium::store
