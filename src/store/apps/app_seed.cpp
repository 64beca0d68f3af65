#include "store/apps/app_seed.hpp"

#include <string>
#include <vector>

#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

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

// Each credential's key hash, computed here (SQL has no SHA-256 on SQLite): one prepared UPDATE
// per credential, in the seed's transaction.
void issue_seeded_keys(soci::session& session, const TokenHasher& hasher) {
  std::vector<long long> ids(1000);
  long long after = 0;
  std::string hash;
  long long id = 0;
  soci::statement update = (session.prepare << "UPDATE credentials SET key_hash = :h WHERE id = :i",
                            soci::use(hash), soci::use(id));
  for (;;) {
    ids.resize(1000);
    session << "SELECT id FROM credentials WHERE id > :a ORDER BY id LIMIT 1000", soci::use(after),
        soci::into(ids);
    if (ids.empty()) break;
    for (const long long each : ids) {
      id = each;
      hash = hasher.hash(seeded_key(each));
      update.execute(true);
    }
    after = ids.back();
  }
}

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
      insert_apps(session, now);
      if (count(session, "plan_catalogues") > 0 && count(session, "product_catalogues") > 0) {
        insert_access(session, now);
        issue_seeded_keys(session, hasher);
        // No server follows a fresh seed's key log: each loads every grant when it starts.
        session << "DELETE FROM credential_changes";
      }
      report.apps = count(session, "apps");
      report.access_requests = count(session, "access_requests");
      report.credentials = count(session, "credentials");
    });
  });
  if (!written) return fail(written.error());
  return report;
}

}  // namespace atrium::store
