#include "store/apps/app_seed.hpp"

#include <string>
#include <vector>

#include "store/soci_transaction.hpp"
#include "store/sql_errors.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

constexpr std::size_t kKeysPerStatement = 1000;  // 2,000 parameters: under SQLite's limit

// Set-based INSERT … SELECT statements: a million apps in a few statements, not a million.
void insert_apps(soci::session& session, const std::string& now) {
  // organisation_id given: the migration's trigger then has nothing to correct.
  session << "INSERT INTO apps (cid, user_id, organisation_id, name, description, redirect_urls, "
             "visibility, created_at, updated_at) "
             "SELECT 'seed-app-' || u.id, u.id, u.organisation_id, 'App ' || u.id, 'A seeded app', "
             "'', "
             "CASE WHEN o.is_default = TRUE OR u.id % 5 >= 2 THEN 'personal' "
             "WHEN u.id % 5 = 0 THEN 'team' ELSE 'organisation' END, " +
                 now + ", " + now +
                 " FROM users u JOIN organisations o ON o.id = u.organisation_id ORDER BY u.id";
}

// Every app of an active user gets an approved request for the first product and the last plan of
// the first public catalogue, and a credential.
void insert_access(soci::session& session, const std::string& now) {
  const std::string first_public = "(SELECT MIN(id) FROM catalogues WHERE visibility = 'Public')";
  session << "INSERT INTO access_requests (app_id, user_id, plan_id, catalogue_id, status, "
             "provision_immediately, reviewed_at, created_at, updated_at) "
             "SELECT a.id, a.user_id, (SELECT MAX(plan_id) FROM plan_catalogues WHERE "
             "catalogue_id = " +
                 first_public + "), " + first_public + ", 'approved', TRUE, " + now + ", " + now +
                 ", " + now +
                 " FROM apps a JOIN users u ON u.id = a.user_id"
                 " WHERE CAST(u.active AS INTEGER) = 1 ORDER BY a.id";
  session << "INSERT INTO access_request_products (access_request_id, product_id) "
             "SELECT r.id, (SELECT MIN(product_id) FROM product_catalogues WHERE catalogue_id = "
             "r.catalogue_id) FROM access_requests r";
  session << "INSERT INTO credentials (access_request_id, key_hash, key_prefix, issued_at, "
             "created_at, updated_at) SELECT r.id, NULL, 'atr_seed', " +
                 now + ", " + now + ", " + now + " FROM access_requests r";
}

// Each credential's key hash, computed here (SQL has no SHA-256 on SQLite): one UPDATE … FROM
// VALUES per thousand credentials (one round trip each on PostgreSQL, not one per key), in the
// seed's transaction.
void issue_seeded_keys(soci::session& session, const TokenHasher& hasher) {
  std::vector<long long> ids(kKeysPerStatement);
  long long after = 0;
  for (;;) {
    ids.resize(kKeysPerStatement);
    session << "SELECT id FROM credentials WHERE id > :a ORDER BY id LIMIT " +
                   std::to_string(kKeysPerStatement),
        soci::use(after), soci::into(ids);
    if (ids.empty()) break;
    QueryParams params;
    std::string values;
    for (const long long each : ids) {
      values += values.empty() ? "(" : ", (";
      values += "CAST(" + params.add(each) + " AS BIGINT), " +
                params.add(hasher.hash(seeded_key(each))) + ")";
    }
    // VALUES names its columns column1, column2 on both databases.
    execute(session,
            "UPDATE credentials SET key_hash = v.column2 FROM (VALUES " + values +
                ") AS v WHERE credentials.id = v.column1",
            params);
    after = ids.back();
  }
}

// PostgreSQL: the seed's key updates (one statement per credential) would move app_version once
// each, and migration 0013's row triggers would log every key: a million updates of one row in
// one transaction, each walking the versions before it (quadratic: hours at a million keys).
// Those triggers are off while the seed writes; it then empties the key log as on SQLite (no
// server follows a fresh seed's log) and moves the version once.
constexpr const char* kPostgresKeyLogOff =
    "ALTER TABLE credentials DISABLE TRIGGER credentials_changes;"
    "ALTER TABLE credentials DISABLE TRIGGER credentials_version;"
    "ALTER TABLE access_request_products DISABLE TRIGGER access_request_products_changes";
constexpr const char* kPostgresKeyLogOn =
    "ALTER TABLE credentials ENABLE TRIGGER credentials_changes;"
    "ALTER TABLE credentials ENABLE TRIGGER credentials_version;"
    "ALTER TABLE access_request_products ENABLE TRIGGER access_request_products_changes;"
    "UPDATE app_version SET version = version + 1 WHERE id = 1";

long long count(soci::session& session, const char* table) {
  long long n = 0;
  session << "SELECT COUNT(*) FROM " << table, soci::into(n);
  return n;
}

}  // namespace

std::string seeded_key(long long id) { return "atr_seed_" + std::to_string(id); }

Result<AppSeedReport> seed_apps(SociDatabase& db, const TokenHasher& hasher) {
  AppSeedReport report;
  const std::string now = std::to_string(to_unix_ms(SystemClock().now()));
  const Status written = db.write([&](Transaction& tx) -> Status {
    auto& soci_tx = static_cast<SociTransaction&>(tx);
    return soci_tx.attempt_all("seed.apps", [&] {
      soci::session& session = soci_tx.session();
      const bool postgres = soci_tx.dialect() == Dialect::kPostgres;
      if (postgres) run_script(session, Dialect::kPostgres, kPostgresKeyLogOff);
      insert_apps(session, now);
      if (count(session, "plan_catalogues") > 0 && count(session, "product_catalogues") > 0) {
        insert_access(session, now);
        issue_seeded_keys(session, hasher);
        // No server follows a fresh seed's key log: each loads every grant when it starts.
        session << "DELETE FROM credential_changes";
      }
      if (postgres) run_script(session, Dialect::kPostgres, kPostgresKeyLogOn);
      report.apps = count(session, "apps");
      report.access_requests = count(session, "access_requests");
      report.credentials = count(session, "credentials");
    });
  });
  if (!written) return fail(written.error());
  // PostgreSQL: statistics and the visibility map for the new rows now, not from autovacuum
  // in the middle of the first measurements (bench/README, scale-out run of 2026-12-07).
  ATRIUM_ASSIGN_OR_RETURN(auto lease, db.pool().acquire());
  if (lease.dialect() == Dialect::kPostgres) {
    try {
      run_script(lease.session(), Dialect::kPostgres,
                 "VACUUM (ANALYZE) apps, access_requests, access_request_products, credentials");
    } catch (...) {
      return fail(to_error(classify_current_exception(), "seeding (VACUUM ANALYZE)"));
    }
  }
  return report;
}

}  // namespace atrium::store
