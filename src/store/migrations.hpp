#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

// Versioned schema migrations, one SQL file per version and dialect under migrations/<dialect>/,
// compiled into the binary. Applied versions are recorded in schema_migrations.
namespace atrium::store {

struct MigrationStep {
  int version = 0;
  std::string name;  // "foundation" for 0001_foundation.sql
};

struct AppliedMigration {
  int version = 0;
  std::string name;
  TimePoint applied_at;
};

struct MigrationReport {
  int from_version = 0;                // before this run (0: empty database)
  int to_version = 0;                  // after it
  std::vector<MigrationStep> applied;  // what this run applied, in order; empty when up to date
};

// The schema version this binary expects: the highest embedded migration (the same for every
// dialect; the build checks it).
int latest_schema_version();

// The embedded migrations, in order.
std::vector<MigrationStep> known_migrations();

// Applies every pending migration in one transaction and records each in schema_migrations.
// Safe to run again (a no-op) and from several processes at once: SQLite serialises on
// BEGIN IMMEDIATE, PostgreSQL on a transaction-scoped advisory lock taken before the version
// table is read. A database already at a newer version than this binary knows is refused
// (kConflict "database.schema_newer"). Never throws.
Result<MigrationReport> migrate(SociDatabase& db);

// The same, stopping at `target_version` (for tests of a migration's data conversion, and for
// operators who upgrade step by step). A target below the applied version changes nothing
// (there are no down migrations); above the latest one it is kInvalidArgument.
Result<MigrationReport> migrate(SociDatabase& db, int target_version);

// The highest applied version, 0 for a database never migrated.
Result<int> applied_schema_version(SociDatabase& db);

// Every row of schema_migrations, in version order (empty for a database never migrated).
Result<std::vector<AppliedMigration>> applied_migrations(SociDatabase& db);

}  // namespace atrium::store
