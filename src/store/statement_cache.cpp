#include "store/statement_cache.hpp"

#include <stdexcept>

namespace atrium::store {

namespace {

struct NumberRow {
  long long value = 0;
  void exchange(soci::statement& statement) { statement.exchange(soci::into(value)); }
};

}  // namespace

StatementCache::~StatementCache() {
  for (sqlite_api::sqlite3_stmt* statement : controls_) sqlite_api::sqlite3_finalize(statement);
}

void StatementCache::run(sqlite_api::sqlite3* connection, Control control) {
  static constexpr std::array<const char*, 4> kText = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT",
                                                       "ROLLBACK"};
  const auto index = static_cast<std::size_t>(control);
  sqlite_api::sqlite3_stmt*& statement = controls_.at(index);
  if (statement == nullptr) {
    const int rc = sqlite_api::sqlite3_prepare_v2(connection, kText.at(index), -1, &statement,
                                                  nullptr);
    if (rc != SQLITE_OK) {
      statement = nullptr;
      throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(connection), rc);
    }
  }
  const int rc = sqlite_api::sqlite3_step(statement);
  sqlite_api::sqlite3_reset(statement);
  if (rc != SQLITE_DONE) {
    throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(connection),
                                   sqlite_api::sqlite3_extended_errcode(connection));
  }
}

void StatementCache::done(soci::statement& statement) noexcept {
  // SOCI rewinds a statement only once it has run to its end; one read with execute(true) stops
  // after the first row and would keep the connection's read snapshot open.
  // (sqlite3_statement_backend::reset() is not exported by Debian's libsoci_sqlite3; SOCI calls
  // sqlite3_reset again itself before the next run when it saw the end.)
  auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement.get_backend());
  if (backend != nullptr && backend->stmt_ != nullptr) sqlite_api::sqlite3_reset(backend->stmt_);
}

StatementCache::Entry& StatementCache::fresh_entry(soci::session& session, const std::string& query,
                                                   const QueryParams& params) {
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.erase(query);
  // In place before binding: the statement keeps the addresses of the entry's values.
  Entry& entry = entries_[query];
  entry.params = params;
  entry.statement = std::make_unique<soci::statement>(session);
  return entry;
}

void StatementCache::prepare_entry(Entry& entry, const std::string& query) {
  try {
    entry.params.bind(*entry.statement);
    entry.statement->alloc();
    entry.statement->prepare(query, soci::details::st_repeatable_query);
    entry.statement->define_and_bind();
  } catch (...) {
    entries_.erase(query);
    throw;
  }
}

long long query_number(SociTransaction& tx, const std::string& query, const QueryParams& params) {
  auto value =
      fetch_one<NumberRow>(tx, query, params, [](const NumberRow& row) { return row.value; });
  if (!value) throw std::runtime_error("a single-value query returned no row");
  return *value;
}

}  // namespace atrium::store
