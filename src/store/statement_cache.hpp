#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

// Internal to src/store: SQLite statements prepared once per connection and run again with new
// values, their rows read straight from SQLite. Parsing and planning a query cost more than
// running it on the hot reads (callgrind: 43 % of the instructions of an admin user-list request
// went to sqlite3_prepare_v2), and SOCI's per-row conversion was a tenth of a request after that
// (perf; bench/README.md). PostgreSQL keeps SOCI's one-time queries (PQexecParams, planned for
// the actual values).
namespace atrium::store {

class StatementCache {
 public:
  StatementCache() = default;
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  struct Prepared {
    sqlite_api::sqlite3_stmt* statement = nullptr;
    std::vector<int> parameter_indexes;  // QueryParams::sqlite_indexes of the statement
  };
  // The prepared statement for `query`, prepared on first use. Throws soci::sqlite3_soci_error.
  const Prepared& statement(sqlite_api::sqlite3* connection, const std::string& query);

  // Transaction control statements, prepared once per connection like the queries (through
  // SOCI they were parsed on every transaction: 5 % of an admin list request, bench/README.md).
  enum class Control { kBegin, kBeginImmediate, kCommit, kRollback };
  // Runs one; throws soci::sqlite3_soci_error with SQLite's result code on failure, as SOCI would.
  void run(sqlite_api::sqlite3* connection, Control control);

 private:
  // Distinct query texts are bounded by the code's filter combinations; the cap only guards
  // against a mistake that would put values into query texts.
  static constexpr std::size_t kMaxEntries = 512;

  std::map<std::string, Prepared, std::less<>> statements_;
  std::array<sqlite_api::sqlite3_stmt*, 4> controls_{};  // by Control; finalized with the cache
};

// Reads the columns of the current row of a SQLite statement, left to right, into a row's fields
// (see map_column in sql_support.hpp). A NULL into a field without an indicator throws, as SOCI
// does.
class SqliteColumns {
 public:
  explicit SqliteColumns(sqlite_api::sqlite3_stmt* statement) : statement_(statement) {}
  void read(long long& field, soci::indicator* indicator);
  void read(int& field, soci::indicator* indicator);
  void read(std::string& field, soci::indicator* indicator);

 private:
  int next();
  // Whether the column is NULL (checked only when the value read `maybe_null`); fills the
  // indicator, or throws when there is none to fill.
  bool is_null(int column, bool maybe_null, soci::indicator* indicator) const;

  sqlite_api::sqlite3_stmt* statement_;
  int column_ = 0;
};

template <typename T>
void map_column(SqliteColumns& columns, T& field) {
  columns.read(field, nullptr);
}
template <typename T>
void map_column(SqliteColumns& columns, T& field, soci::indicator& indicator) {
  columns.read(field, &indicator);
}

// One run of a cached statement with `params` bound; rewinds it and clears its values when
// destroyed, so that it holds no read snapshot across transactions.
class SqliteRun {
 public:
  SqliteRun(SociTransaction& tx, const std::string& query, const QueryParams& params);
  ~SqliteRun();
  SqliteRun(const SqliteRun&) = delete;
  SqliteRun& operator=(const SqliteRun&) = delete;

  // Steps to the next row; false at the end. Throws soci::sqlite3_soci_error.
  bool next();
  template <typename Row>
  void read(Row& row) {
    SqliteColumns columns(statement_);
    row.exchange(columns);
  }

 private:
  sqlite_api::sqlite3_stmt* statement_;
};

// fetch_all / fetch_one / query_number through the transaction's statement cache (SQLite), or
// as one-time queries (PostgreSQL).
template <typename Row, typename Convert>
auto fetch_all(SociTransaction& tx, const std::string& query, const QueryParams& params,
               Convert&& convert) {
  if (tx.statements() == nullptr) return fetch_all<Row>(tx.session(), query, params, convert);
  SqliteRun run(tx, query, params);
  std::vector<decltype(convert(std::declval<Row>()))> out;
  Row row;  // reused: what convert leaves in it (e.g. a user's role text) keeps its capacity
  while (run.next()) {
    run.read(row);
    out.push_back(convert(std::move(row)));
  }
  return out;
}

template <typename Row, typename Convert>
auto fetch_one(SociTransaction& tx, const std::string& query, const QueryParams& params,
               Convert&& convert) -> std::optional<decltype(convert(std::declval<Row>()))> {
  if (tx.statements() == nullptr) return fetch_one<Row>(tx.session(), query, params, convert);
  SqliteRun run(tx, query, params);
  if (!run.next()) return std::nullopt;
  Row row;
  run.read(row);
  return convert(std::move(row));
}

long long query_number(SociTransaction& tx, const std::string& query, const QueryParams& params);

}  // namespace atrium::store
