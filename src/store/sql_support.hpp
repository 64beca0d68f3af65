#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"
#include "store/dialect.hpp"
#include "store/soci_headers.hpp"

// Internal to src/store: what the repositories share (row mapping, run-time built queries,
// paging). Nothing here is part of the storage contract.
namespace atrium::store {

class SociTransaction;

// One-time queries: PostgreSQL runs them with PQexecParams in one round trip (planned for the
// actual parameter values), where a repeatable query would cost a PREPARE and a DEALLOCATE.
void prepare(soci::statement& statement, const std::string& query);

// Rows name their columns once, in SELECT order, for both ways of reading them: a row type's
// `template <typename Columns> void exchange(Columns& c)` calls map_column(c, field) (or
// map_column(c, field, indicator) for a column that may be NULL). With a soci::statement that
// binds the fields for SOCI to fill (PostgreSQL, one-time queries); with SqliteColumns
// (statement_cache.hpp) it reads the current row of a prepared SQLite statement into them.
template <typename T>
void map_column(soci::statement& statement, T& field) {
  statement.exchange(soci::into(field));
}
template <typename T>
void map_column(soci::statement& statement, T& field, soci::indicator& indicator) {
  statement.exchange(soci::into(field, indicator));
}

// A nullable BIGINT column.
struct NullableNumber {
  long long value = 0;
  soci::indicator indicator = soci::i_null;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, value, indicator);
  }
  std::optional<long long> number() const {
    return indicator == soci::i_ok ? std::optional<long long>(value) : std::nullopt;
  }
  std::optional<TimePoint> time() const {
    return indicator == soci::i_ok ? std::optional<TimePoint>(from_unix_ms(value)) : std::nullopt;
  }
};

inline std::optional<long long> unix_ms(const std::optional<TimePoint>& time) {
  return time ? std::optional<long long>(to_unix_ms(*time)) : std::nullopt;
}

// A row of one number (an id, a count).
struct NumberRow {
  long long value = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, value);
  }
};

// Values of a query built at run time. add() returns the placeholder (":p1", ":p2", ...) to
// write into the SQL, and bind() binds each value by that name, so the order in which the pieces
// of the SQL are evaluated does not matter (it is unspecified for the operands of operator+).
class QueryParams {
 public:
  std::string add(long long value);
  std::string add(std::string value);
  std::string add(std::optional<long long> value);  // NULL when empty
  // Binds every value by name; the values must outlive the statement's execution.
  void bind(soci::statement& statement) const;
  // The same for a prepared SQLite statement (its text built with these placeholders), by the
  // indexes sqlite_indexes() found for it; throws soci::sqlite3_soci_error when SQLite refuses a
  // value.
  void bind(sqlite_api::sqlite3_stmt* statement, const std::vector<int>& indexes) const;
  // SQLite's parameter index of each value, in the order added (0: not in the text). Found once
  // per prepared statement: sqlite3_bind_parameter_index is a linear search of the names, so
  // looking each one up on every run costs the square of the parameters (hundreds in a batch).
  static std::vector<int> sqlite_indexes(sqlite_api::sqlite3_stmt* statement);

 private:
  struct Param {
    bool is_text = false;
    long long number = 0;
    std::string text;
    soci::indicator indicator = soci::i_ok;
    std::string name;
  };
  std::string push(Param param);

  // Bound by reference (SOCI): nothing may be added once bound. (A vector: a deque allocated
  // twice per query even when empty.)
  mutable std::vector<Param> params_;
};

// " WHERE a AND b ..." for the terms given; "" for none.
std::string where_clause(const std::vector<std::string>& terms);

// Runs a statement that returns one number (COUNT(*), EXISTS) with `params` bound.
long long query_number(soci::session& session, const std::string& query, const QueryParams& params);

// The number in the first row of `query`, if there is a row and it is not NULL.
std::optional<long long> query_optional_number(soci::session& session, const std::string& query,
                                               const QueryParams& params);

// Runs a statement without result rows; returns how many rows it changed.
long long execute(soci::session& session, const std::string& query, const QueryParams& params);

// The exclusive upper bound of the keys starting with `prefix`: prefix + U+10FFFF (valid UTF-8,
// so PostgreSQL accepts it; with byte-wise collation it sorts after any key with that prefix,
// except one whose next character is U+10FFFF itself, a noncharacter).
std::string prefix_upper_bound(std::string_view prefix);

// LIMIT and OFFSET of a page; kInvalidArgument for a page or page size below 1, or an offset
// that does not fit.
struct LimitOffset {
  long long limit = 0;
  long long offset = 0;
};
Result<LimitOffset> limit_offset(const PageRequest& page);

// Boolean columns are read through CAST(... AS INTEGER): INTEGER 0/1 on SQLite, BOOLEAN on
// PostgreSQL. Parameters bound as 0/1 are accepted by both (PostgreSQL parses '0'/'1' as
// boolean input).

// Runs `query` (columns of Row first, then `params`) and converts every row with `convert`.
template <typename Row, typename Convert>
auto fetch_all(soci::session& session, const std::string& query, const QueryParams& params,
               Convert&& convert) {
  Row row;
  std::vector<decltype(convert(std::declval<Row>()))> out;
  soci::statement st(session);
  row.exchange(st);
  params.bind(st);
  prepare(st, query);
  st.execute(false);
  // SOCI assigns every bound field again on the next fetch, so the row may be moved from.
  while (st.fetch()) out.push_back(convert(std::move(row)));
  return out;
}

// The first row of `query`, if any.
template <typename Row, typename Convert>
auto fetch_one(soci::session& session, const std::string& query, const QueryParams& params,
               Convert&& convert) -> std::optional<decltype(convert(std::declval<Row>()))> {
  Row row;
  soci::statement st(session);
  row.exchange(st);
  params.bind(st);
  prepare(st, query);
  if (!st.execute(true)) return std::nullopt;
  return convert(std::move(row));
}

// One page of `SELECT columns FROM from where ORDER BY order_by` and the matching COUNT(*).
template <typename Row, typename Convert>
auto fetch_page(soci::session& session, const PageRequest& page, const std::string& columns,
                const std::string& from, const std::string& where, const std::string& order_by,
                const QueryParams& params, Convert&& convert)
    -> Result<PageOf<decltype(convert(std::declval<Row&>()))>> {
  using Item = decltype(convert(std::declval<Row&>()));
  auto window = limit_offset(page);
  if (!window) return fail(std::move(window).error());
  PageOf<Item> out;
  QueryParams list_params = params;
  const std::string limit = list_params.add(window->limit);
  const std::string offset = list_params.add(window->offset);
  out.items = fetch_all<Row>(session,
                             "SELECT " + columns + " FROM " + from + where + " ORDER BY " +
                                 order_by + " LIMIT " + limit + " OFFSET " + offset,
                             list_params, convert);
  out.total = query_number(session, "SELECT COUNT(*) FROM " + from + where, params);
  return out;
}

}  // namespace atrium::store
