#include "store/statement_cache.hpp"

#include <stdexcept>

namespace atrium::store {

namespace {

[[noreturn]] void throw_sqlite_error(sqlite_api::sqlite3* connection) {
  throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(connection),
                                 sqlite_api::sqlite3_extended_errcode(connection));
}

}  // namespace

StatementCache::~StatementCache() {
  for (auto& [query, prepared] : statements_) sqlite_api::sqlite3_finalize(prepared.statement);
  for (sqlite_api::sqlite3_stmt* statement : controls_) sqlite_api::sqlite3_finalize(statement);
}

const StatementCache::Prepared& StatementCache::statement(sqlite_api::sqlite3* connection,
                                                          const std::string& query) {
  if (auto found = statements_.find(query); found != statements_.end()) return found->second;
  if (statements_.size() >= kMaxEntries) {
    for (auto& [text, prepared] : statements_) sqlite_api::sqlite3_finalize(prepared.statement);
    statements_.clear();
  }
  sqlite_api::sqlite3_stmt* statement = nullptr;
  if (sqlite_api::sqlite3_prepare_v3(connection, query.c_str(), static_cast<int>(query.size()),
                                     SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
    throw_sqlite_error(connection);
  }
  return statements_.emplace(query, Prepared{statement, QueryParams::sqlite_indexes(statement)})
      .first->second;
}

void StatementCache::run(sqlite_api::sqlite3* connection, Control control) {
  static constexpr std::array<const char*, 4> kText = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT",
                                                       "ROLLBACK"};
  const auto index = static_cast<std::size_t>(control);
  sqlite_api::sqlite3_stmt*& statement = controls_.at(index);
  if (statement == nullptr && sqlite_api::sqlite3_prepare_v2(connection, kText.at(index), -1,
                                                             &statement, nullptr) != SQLITE_OK) {
    statement = nullptr;
    throw_sqlite_error(connection);
  }
  const int rc = sqlite_api::sqlite3_step(statement);
  sqlite_api::sqlite3_reset(statement);
  if (rc != SQLITE_DONE) throw_sqlite_error(connection);
}

bool SqliteColumns::is_null(int column, bool maybe_null, soci::indicator* indicator) const {
  // SQLite answers 0 or a null pointer for NULL; the column's type is asked only then.
  const bool null =
      maybe_null && sqlite_api::sqlite3_column_type(statement_, column) == SQLITE_NULL;
  if (indicator != nullptr) {
    *indicator = null ? soci::i_null : soci::i_ok;
  } else if (null) {
    throw std::runtime_error("NULL in column " + std::to_string(column) +
                             " of a row that does not allow it");
  }
  return null;
}

int SqliteColumns::next() {
  if (column_ >= sqlite_api::sqlite3_column_count(statement_)) {
    throw std::runtime_error("a row type reads more columns than its query selects");
  }
  return column_++;
}

void SqliteColumns::read(long long& field, soci::indicator* indicator) {
  const int column = next();
  const long long value = sqlite_api::sqlite3_column_int64(statement_, column);
  if (!is_null(column, value == 0, indicator)) field = value;
}

void SqliteColumns::read(int& field, soci::indicator* indicator) {
  const int column = next();
  const int value = sqlite_api::sqlite3_column_int(statement_, column);
  if (!is_null(column, value == 0, indicator)) field = value;
}

void SqliteColumns::read(std::string& field, soci::indicator* indicator) {
  const int column = next();
  const unsigned char* text = sqlite_api::sqlite3_column_text(statement_, column);
  if (is_null(column, text == nullptr, indicator)) return;
  const int size = sqlite_api::sqlite3_column_bytes(statement_, column);
  field.assign(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

SqliteRun::SqliteRun(SociTransaction& tx, const std::string& query, const QueryParams& params)
    : statement_(nullptr) {
  const StatementCache::Prepared& prepared =
      tx.statements()->statement(tx.sqlite_connection(), query);
  statement_ = prepared.statement;
  try {
    params.bind(statement_, prepared.parameter_indexes);
  } catch (...) {
    sqlite_api::sqlite3_clear_bindings(statement_);
    throw;
  }
}

SqliteRun::~SqliteRun() {
  sqlite_api::sqlite3_reset(statement_);
  sqlite_api::sqlite3_clear_bindings(statement_);
}

bool SqliteRun::next() {
  const int rc = sqlite_api::sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite_error(sqlite_api::sqlite3_db_handle(statement_));
}

long long query_number(SociTransaction& tx, const std::string& query, const QueryParams& params) {
  auto value =
      fetch_one<NumberRow>(tx, query, params, [](const NumberRow& row) { return row.value; });
  if (!value) throw std::runtime_error("a single-value query returned no row");
  return *value;
}

}  // namespace atrium::store
