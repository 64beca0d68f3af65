#include "store/migrations.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "store/connection_pool.hpp"
#include "store/embedded_migrations.hpp"
#include "store/schema_version.hpp"
#include "store/sql_errors.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

// pg_advisory_xact_lock key: the bytes of "atrium.m". Any process migrating this database
// takes it before reading schema_migrations; it is released at COMMIT or ROLLBACK.
constexpr const char* kPostgresMigrationLock = "SELECT pg_advisory_xact_lock(7022363516244668013)";

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER NOT NULL PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

std::string label(int version, std::string_view name) {
  std::string number = std::to_string(version);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
  return number + "_" + std::string(name);
}

bool version_table_exists(soci::session& session, Dialect dialect) {
  long long count = 0;
  if (dialect == Dialect::kSqlite3) {
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
               "name = 'schema_migrations'",
        soci::into(count);
  } else {
    session << "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE "
               "schemaname = current_schema() AND tablename = 'schema_migrations'",
        soci::into(count);
  }
  return count > 0;
}

std::vector<AppliedMigration> read_applied(soci::session& session) {
  std::vector<AppliedMigration> applied;
  int version = 0;
  std::string name;
  long long applied_at = 0;
  soci::statement st(session);
  map_column(st, version);
  map_column(st, name);
  map_column(st, applied_at);
  st.alloc();
  st.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version",
             soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) applied.push_back({version, name, from_unix_ms(applied_at)});
  return applied;
}

// Runs `body` in a read transaction on a leased connection, mapping every failure.
template <typename F>
auto with_read(Lease& lease, std::string_view context, F&& body) -> Result<decltype(body())> {
  ATRIUM_TRY(begin_transaction(lease, false));
  try {
    auto value = body();
    roll_back_transaction(lease);
    return value;
  } catch (...) {
    SqlFailure failure = classify_current_exception();
    if (!lease.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
    roll_back_transaction(lease);
    return fail(to_error(failure, context));
  }
}

Error schema_newer_error(int applied, int latest) {
  return make_error(ErrorCode::kConflict, "database.schema_newer",
                    "the database schema is at version " + std::to_string(applied) +
                        ", newer than this server knows (" + std::to_string(latest) +
                        "): run a newer Atrium");
}

}  // namespace

int latest_schema_version() {
  const auto migrations = embedded_migrations(Dialect::kSqlite3);
  return migrations.empty() ? 0 : migrations.back().version;
}

std::vector<MigrationStep> known_migrations() {
  std::vector<MigrationStep> steps;
  for (const auto& m : embedded_migrations(Dialect::kSqlite3)) {
    steps.push_back({m.version, std::string(m.name)});
  }
  return steps;
}

Result<int> read_schema_version(Lease& lease) {
  return with_read(lease, "schema version", [&] {
    if (!version_table_exists(lease.session(), lease.dialect())) return 0;
    int version = 0;
    lease.session() << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        soci::into(version);
    return version;
  });
}

Result<int> applied_schema_version(SociDatabase& db) {
  ATRIUM_ASSIGN_OR_RETURN(auto lease, db.pool().acquire());
  return read_schema_version(lease);
}

Result<std::vector<AppliedMigration>> applied_migrations(SociDatabase& db) {
  ATRIUM_ASSIGN_OR_RETURN(auto lease, db.pool().acquire());
  return with_read(lease, "schema_migrations", [&] {
    if (!version_table_exists(lease.session(), lease.dialect())) {
      return std::vector<AppliedMigration>{};
    }
    return read_applied(lease.session());
  });
}

Result<MigrationReport> migrate(SociDatabase& db) { return migrate(db, latest_schema_version()); }

Result<MigrationReport> migrate(SociDatabase& db, int target_version) {
  if (target_version < 0 || target_version > latest_schema_version()) {
    return fail(invalid_argument("database.unknown_version",
                                 "there is no schema version " + std::to_string(target_version) +
                                     " (the latest is " + std::to_string(latest_schema_version()) +
                                     ")"));
  }
  ATRIUM_ASSIGN_OR_RETURN(auto lease, db.pool().acquire());
  const Dialect dialect = lease.dialect();
  // SQLite: BEGIN IMMEDIATE takes the write lock before we look, so a second process waits
  // (busy_timeout) and then finds the work done.
  ATRIUM_TRY(begin_transaction(lease, true));

  MigrationReport report;
  std::string step = "preparing";
  try {
    soci::session& session = lease.session();
    if (dialect == Dialect::kPostgres) {
      step = "waiting for the migration lock";
      session << kPostgresMigrationLock;
    }
    step = "creating schema_migrations";
    run_script(session, dialect, kCreateVersionTable);
    std::set<int> done;
    for (const auto& applied : read_applied(session)) done.insert(applied.version);
    report.from_version = done.empty() ? 0 : *done.rbegin();
    const int latest = latest_schema_version();
    if (report.from_version > latest) {
      roll_back_transaction(lease);
      return fail(schema_newer_error(report.from_version, latest));
    }

    const long long now = to_unix_ms(std::chrono::system_clock::now());
    for (const auto& migration : embedded_migrations(dialect)) {
      if (done.count(migration.version) != 0) continue;
      if (migration.version > target_version) break;
      step = "migration " + label(migration.version, migration.name);
      run_script(session, dialect, migration.sql);
      int version = migration.version;
      std::string name(migration.name);
      long long applied_at = now;
      session << "INSERT INTO schema_migrations (version, name, applied_at) "
                 "VALUES (:version, :name, :applied_at)",
          soci::use(version), soci::use(name), soci::use(applied_at);
      report.applied.push_back({migration.version, std::string(migration.name)});
    }
    step = "COMMIT";
    session << "COMMIT";
    report.to_version = report.applied.empty()
                            ? report.from_version
                            : std::max(report.from_version, report.applied.back().version);
  } catch (...) {
    SqlFailure failure = classify_current_exception();
    if (!lease.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
    roll_back_transaction(lease);
    spdlog::error("database: migrating the {} database failed at {}: {}", to_string(dialect), step,
                  failure.detail);
    Error error = to_error(failure, step);
    if (error.code == ErrorCode::kInternal) {
      error.message = "database migration failed at " + step + " (details in the server log)";
    }
    return fail(std::move(error));
  }
  for (const auto& applied : report.applied) {
    spdlog::info("database: applied migration {}", label(applied.version, applied.name));
  }
  return report;
}

}  // namespace atrium::store
