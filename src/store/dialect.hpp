#pragma once

#include <optional>
#include <string_view>

namespace atrium::store {

// The SQL databases Atrium runs on; the names are the values of PORTAL_DATABASE_DIALECT (Tyk's).
enum class Dialect { kSqlite3, kPostgres };

inline std::string_view to_string(Dialect dialect) {
  return dialect == Dialect::kPostgres ? "postgres" : "sqlite3";
}

inline std::optional<Dialect> parse_dialect(std::string_view text) {
  if (text == "sqlite3") return Dialect::kSqlite3;
  if (text == "postgres") return Dialect::kPostgres;
  return std::nullopt;
}

}  // namespace atrium::store
