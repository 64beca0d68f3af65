#include "domain/audit/audit_repository.hpp"

#include <memory>
#include <string>
#include <vector>

#include "domain/audit/audit_event.hpp"
#include "domain/paging.hpp"
#include "store/audit/audit_row.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

// The WHERE clause of an audit list. Every equality filter has an index ending in
// (occurred_at, id), so the filter, the time range and the newest-first order are one index range
// read backwards. A target id with its type reads the target id's range and checks the type (an
// id names few objects). As for users (see user_repository.cpp), SQLite is told which index drives:
// the most selective filter present (target id, actor, organisation, action, target type), the
// others being written as +column; PostgreSQL decides from its statistics.
std::string audit_conditions(const AuditFilter& filter, Dialect dialect, QueryParams& params) {
  enum Driver { kTarget, kActor, kOrganisation, kAction, kTargetType, kNone };
  Driver driver = kNone;
  if (filter.target_id) {
    driver = kTarget;
  } else if (filter.actor_id) {
    driver = kActor;
  } else if (filter.organisation_id) {
    driver = kOrganisation;
  } else if (filter.action) {
    driver = kAction;
  } else if (filter.target_type) {
    driver = kTargetType;
  }
  const bool sqlite = dialect == Dialect::kSqlite3;
  const auto column = [&](Driver which, const char* name) {
    return std::string(sqlite && which != driver ? "+" : "") + name;
  };

  std::vector<std::string> terms;
  if (filter.target_id) {
    terms.push_back(column(kTarget, "a.target_id") + " = " + params.add(*filter.target_id));
  }
  if (filter.target_type) {
    terms.push_back(column(kTargetType, "a.target_type") + " = " + params.add(*filter.target_type));
  }
  if (filter.actor_id) {
    terms.push_back(column(kActor, "a.actor_id") + " = " + params.add(*filter.actor_id));
  }
  if (filter.organisation_id) {
    terms.push_back(column(kOrganisation, "a.organisation_id") + " = " +
                    params.add(*filter.organisation_id));
  }
  if (filter.action) {
    terms.push_back(column(kAction, "a.action") + " = " + params.add(*filter.action));
  }
  if (filter.from) terms.push_back("a.occurred_at >= " + params.add(to_unix_ms(*filter.from)));
  if (filter.until) terms.push_back("a.occurred_at < " + params.add(to_unix_ms(*filter.until)));
  return where_clause(terms);
}

class SociAuditRepository final : public AuditRepository {
 public:
  explicit SociAuditRepository(SociTransaction& tx) : tx_(tx) {}

  Result<AuditEventId> append(const AuditEvent& event) override {
    return tx_.attempt("audit.append", false, [&] {
      QueryParams params;
      return query_number(
          tx_.session(),
          "INSERT INTO audit_events (occurred_at, actor_id, actor_email, actor_role, action, "
          "target_type, target_id, organisation_id, source_address, changes) VALUES (" +
              params.add(to_unix_ms(event.occurred_at)) + ", " + params.add(event.actor_id) + ", " +
              params.add(event.actor_email) + ", " + params.add(event.actor_role) + ", " +
              params.add(event.action) + ", " + params.add(event.target_type) + ", " +
              params.add(event.target_id) + ", " + params.add(event.organisation_id) + ", " +
              params.add(event.source_address) + ", " + params.add(event.changes) +
              ") RETURNING id",
          params);
    });
  }

  Result<PageOf<AuditEvent>> list(const AuditFilter& filter, const PageRequest& page) override {
    return tx_.attempt("audit.list", false, [&] {
      QueryParams params;
      const std::string where = audit_conditions(filter, tx_.dialect(), params);
      return fetch_page<AuditRow>(tx_.session(), page, kAuditColumns, "audit_events a", where,
                                  "a.occurred_at DESC, a.id DESC", params,
                                  [](const AuditRow& row) { return row.to_event(); });
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(AuditRepository, SociAuditRepository)

}  // namespace atrium::store
