#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

// Internal to src/store: SQLite statements prepared once per connection and run again with new
// values. Parsing and planning a query cost more than running it on the hot reads (callgrind: 43 %
// of the instructions of an admin user-list request went to sqlite3_prepare_v2; bench/README.md).
// PostgreSQL keeps one-time queries (PQexecParams, planned for the actual values).
namespace atrium::store {

class StatementCache {
 public:
  StatementCache() = default;
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // A cached statement in use: its columns are read into `row`; `done` rewinds it.
  template <typename Row>
  struct Use {
    soci::statement& statement;
    Row& row;
  };

  // The statement for `query`, prepared on first use with its columns bound into a Row kept with
  // it and its parameters bound by name to a copy of `params`; later uses copy the values of
  // `params` in (the same query text has the same parameters).
  template <typename Row>
  Use<Row> take(soci::session& session, const std::string& query, const QueryParams& params);

  // Transaction control statements, prepared once per connection like the queries (through
  // SOCI they were parsed on every transaction: 5 % of an admin list request, bench/README.md).
  enum class Control { kBegin, kBeginImmediate, kCommit, kRollback };
  // Runs one; throws soci::sqlite3_soci_error with SQLite's result code on failure, as SOCI would.
  void run(sqlite_api::sqlite3* connection, Control control);

  // Rewinds a statement after use (sqlite3_reset), so that it holds no read snapshot across
  // transactions. Never throws.
  static void done(soci::statement& statement) noexcept;

 private:
  struct Entry {
    std::unique_ptr<soci::statement> statement;
    QueryParams params;
    std::shared_ptr<void> row;
    const std::type_info* row_type = nullptr;
  };
  // Distinct query texts are bounded by the code's filter combinations; the cap only guards
  // against a mistake that would put values into query texts.
  static constexpr std::size_t kMaxEntries = 512;

  Entry& fresh_entry(soci::session& session, const std::string& query, const QueryParams& params);
  void prepare_entry(Entry& entry, const std::string& query);

  std::map<std::string, Entry, std::less<>> entries_;
  std::array<sqlite_api::sqlite3_stmt*, 4> controls_{};  // by Control; finalized with the cache
};

template <typename Row>
StatementCache::Use<Row> StatementCache::take(soci::session& session, const std::string& query,
                                              const QueryParams& params) {
  auto found = entries_.find(query);
  if (found != entries_.end() && *found->second.row_type == typeid(Row) &&
      found->second.params.assign_values(params)) {
    Entry& entry = found->second;
    return {*entry.statement, *static_cast<Row*>(entry.row.get())};
  }
  Entry& entry = fresh_entry(session, query, params);
  auto row = std::make_shared<Row>();
  row->exchange(*entry.statement);
  entry.row = row;
  entry.row_type = &typeid(Row);
  prepare_entry(entry, query);
  return {*entry.statement, *row};
}

// Rewinds the statement when it goes out of scope, also after an exception.
class StatementRewind {
 public:
  explicit StatementRewind(soci::statement& statement) : statement_(statement) {}
  ~StatementRewind() { StatementCache::done(statement_); }
  StatementRewind(const StatementRewind&) = delete;
  StatementRewind& operator=(const StatementRewind&) = delete;

 private:
  soci::statement& statement_;
};

// fetch_all / fetch_one / query_number through the transaction's statement cache (SQLite), or
// as one-time queries (PostgreSQL).
template <typename Row, typename Convert>
auto fetch_all(SociTransaction& tx, const std::string& query, const QueryParams& params,
               Convert&& convert) {
  StatementCache* cache = tx.statements();
  if (cache == nullptr) return fetch_all<Row>(tx.session(), query, params, convert);
  auto use = cache->take<Row>(tx.session(), query, params);
  const StatementRewind rewind(use.statement);
  std::vector<decltype(convert(use.row))> out;
  use.statement.execute(false);
  while (use.statement.fetch()) out.push_back(convert(use.row));
  return out;
}

template <typename Row, typename Convert>
auto fetch_one(SociTransaction& tx, const std::string& query, const QueryParams& params,
               Convert&& convert) -> std::optional<decltype(convert(std::declval<Row&>()))> {
  StatementCache* cache = tx.statements();
  if (cache == nullptr) return fetch_one<Row>(tx.session(), query, params, convert);
  auto use = cache->take<Row>(tx.session(), query, params);
  const StatementRewind rewind(use.statement);
  if (!use.statement.execute(true)) return std::nullopt;
  return convert(use.row);
}

long long query_number(SociTransaction& tx, const std::string& query, const QueryParams& params);

}  // namespace atrium::store
