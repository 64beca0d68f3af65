#pragma once

#include <span>
#include <string_view>

#include "store/dialect.hpp"

// Internal to src/store: the SQL files of migrations/<dialect>/, compiled in by
// embed_migrations.cmake (the generated embedded_migrations.cpp defines the function).
namespace atrium::store {

struct EmbeddedMigration {
  int version;            // NNNN of the file name, 1, 2, 3, ...
  std::string_view name;  // the rest of the file name, without ".sql"
  std::string_view sql;   // one or more statements, no transaction control
};

// In version order; every dialect has the same versions (checked at build time).
std::span<const EmbeddedMigration> embedded_migrations(Dialect dialect);

}  // namespace atrium::store
