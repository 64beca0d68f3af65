#include "store/sql_support.hpp"

#include <charconv>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "domain/audit/audit_event.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"

namespace atrium::store {

void prepare(soci::statement& statement, const std::string& query) {
  statement.alloc();
  statement.prepare(query, soci::details::st_one_time_query);
  statement.define_and_bind();
}

std::string QueryParams::add(long long value) {
  return push(Param{false, value, {}, soci::i_ok, {}});
}

std::string QueryParams::add(std::string value) {
  return push(Param{true, 0, std::move(value), soci::i_ok, {}});
}

std::string QueryParams::add(std::optional<long long> value) {
  return push(Param{false, value.value_or(0), {}, value ? soci::i_ok : soci::i_null, {}});
}

std::string QueryParams::push(Param param) {
  param.name = "p" + std::to_string(params_.size() + 1);
  params_.push_back(std::move(param));
  return ":" + params_.back().name;
}

void QueryParams::bind(soci::statement& statement) const {
  for (Param& param : params_) {
    if (param.is_text) {
      statement.exchange(soci::use(param.text, param.name));
    } else {
      statement.exchange(soci::use(param.number, param.indicator, param.name));
    }
  }
}

std::vector<int> QueryParams::sqlite_indexes(sqlite_api::sqlite3_stmt* statement) {
  std::vector<int> indexes;
  const int count = sqlite_api::sqlite3_bind_parameter_count(statement);
  for (int index = 1; index <= count; ++index) {
    // The names push() gives: ":p1", ":p2", ...
    const char* text = sqlite_api::sqlite3_bind_parameter_name(statement, index);
    const std::string_view name = text == nullptr ? "" : text;
    std::size_t ordinal = 0;
    if (!name.starts_with(":p")) continue;
    const auto [end, error] = std::from_chars(name.data() + 2, name.data() + name.size(), ordinal);
    if (error != std::errc{} || end != name.data() + name.size() || ordinal == 0) continue;
    if (indexes.size() < ordinal) indexes.resize(ordinal, 0);
    indexes[ordinal - 1] = index;
  }
  return indexes;
}

void QueryParams::bind(sqlite_api::sqlite3_stmt* statement, const std::vector<int>& indexes) const {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Param& param = params_[i];
    const int index = i < indexes.size() ? indexes[i] : 0;
    if (index == 0) continue;  // not in this statement's text
    int rc = SQLITE_OK;
    if (param.indicator == soci::i_null) {
      rc = sqlite_api::sqlite3_bind_null(statement, index);
    } else if (param.is_text) {
      // Static: the values outlive the run, which clears its bindings at the end.
      rc = sqlite_api::sqlite3_bind_text(statement, index, param.text.data(),
                                         static_cast<int>(param.text.size()), SQLITE_STATIC);
    } else {
      rc = sqlite_api::sqlite3_bind_int64(statement, index, param.number);
    }
    if (rc != SQLITE_OK) {
      throw soci::sqlite3_soci_error(
          sqlite_api::sqlite3_errmsg(sqlite_api::sqlite3_db_handle(statement)), rc);
    }
  }
}

long long query_number(soci::session& session, const std::string& query,
                       const QueryParams& params) {
  long long value = 0;
  soci::statement st(session);
  map_column(st, value);
  params.bind(st);
  prepare(st, query);
  if (!st.execute(true)) throw std::runtime_error("a single-value query returned no row");
  return value;
}

std::optional<long long> query_optional_number(soci::session& session, const std::string& query,
                                               const QueryParams& params) {
  long long value = 0;
  soci::indicator indicator = soci::i_null;
  soci::statement st(session);
  map_column(st, value, indicator);
  params.bind(st);
  prepare(st, query);
  if (!st.execute(true) || indicator != soci::i_ok) return std::nullopt;
  return value;
}

long long execute(soci::session& session, const std::string& query, const QueryParams& params) {
  soci::statement st(session);
  params.bind(st);
  prepare(st, query);
  st.execute(true);
  return st.get_affected_rows();
}

std::string prefix_upper_bound(std::string_view prefix) {
  return std::string(prefix) + "\xF4\x8F\xBF\xBF";
}

Result<LimitOffset> limit_offset(const PageRequest& page) {
  if (page.page < 1) {
    return fail(invalid_argument("request.invalid", "page must be at least 1",
                                 {FieldError{"page", "must be at least 1"}}));
  }
  if (page.per_page < 1) {
    return fail(invalid_argument("request.invalid", "per_page must be at least 1",
                                 {FieldError{"per_page", "must be at least 1"}}));
  }
  if (page.page - 1 > std::numeric_limits<long long>::max() / page.per_page) {
    return fail(invalid_argument("request.invalid", "page is too large",
                                 {FieldError{"page", "is too large"}}));
  }
  return LimitOffset{page.per_page, page.offset()};
}

std::string where_clause(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& term : terms) out += (out.empty() ? " WHERE " : " AND ") + term;
  return out;
}

}  // namespace atrium::store
