# Generates a C++ source holding every SQL migration of every dialect (cmake -P script).
#   -DMIGRATIONS_DIR=<repo>/migrations -DOUTPUT=<file.cpp>
# Rules it enforces, so that a mistake fails the build rather than a deployment:
#   * files are named NNNN_lower_snake_name.sql, numbered 1, 2, 3, ... without gaps;
#   * every dialect has the same versions with the same names (one schema version per binary).

if(NOT MIGRATIONS_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "embed_migrations.cmake needs -DMIGRATIONS_DIR=... and -DOUTPUT=...")
endif()

set(delimiter "atrium_sql")
set(dialects sqlite3 postgres)
set(array_sqlite3 kSqlite3Migrations)
set(array_postgres kPostgresMigrations)
set(body "")
set(reference_names "")

foreach(dialect IN LISTS dialects)
  file(GLOB files "${MIGRATIONS_DIR}/${dialect}/*.sql")
  list(SORT files)
  if(NOT files)
    message(FATAL_ERROR "no migrations in ${MIGRATIONS_DIR}/${dialect}")
  endif()
  set(expected 1)
  set(names "")
  string(APPEND body "constexpr EmbeddedMigration ${array_${dialect}}[] = {\n")
  foreach(path IN LISTS files)
    get_filename_component(file_name "${path}" NAME)
    if(NOT file_name MATCHES "^([0-9][0-9][0-9][0-9])_([a-z0-9_]+)\\.sql$")
      message(FATAL_ERROR "migration ${path}: name must look like 0001_lower_snake_name.sql")
    endif()
    set(name "${CMAKE_MATCH_2}")
    math(EXPR version "1${CMAKE_MATCH_1} - 10000")
    if(NOT version EQUAL expected)
      message(FATAL_ERROR "migration ${path}: expected version ${expected} (no gaps allowed)")
    endif()
    math(EXPR expected "${expected} + 1")
    file(READ "${path}" sql)
    string(FIND "${sql}" ")${delimiter}\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "migration ${path} contains the raw-string delimiter )${delimiter}\"")
    endif()
    list(APPEND names "${version}_${name}")
    string(APPEND body "    {${version}, \"${name}\", R\"${delimiter}(${sql})${delimiter}\"},\n")
  endforeach()
  string(APPEND body "};\n\n")
  if(dialect STREQUAL "sqlite3")
    set(reference_names "${names}")
  elseif(NOT names STREQUAL reference_names)
    message(FATAL_ERROR "migrations differ between dialects: sqlite3 has [${reference_names}], "
                        "${dialect} has [${names}]; every dialect needs the same versions")
  endif()
endforeach()

set(content "// Generated from migrations/ by src/store/embed_migrations.cmake. Do not edit.
#include \"store/embedded_migrations.hpp\"

namespace atrium::store {

namespace {

${body}}  // namespace

std::span<const EmbeddedMigration> embedded_migrations(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite3:
      return kSqlite3Migrations;
    case Dialect::kPostgres:
      return kPostgresMigrations;
  }
  return kSqlite3Migrations;
}

}  // namespace atrium::store
")

# Only touch the file when it changes, so an unchanged schema does not trigger a recompile.
set(temporary "${OUTPUT}.tmp")
file(WRITE "${temporary}" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${temporary}" "${OUTPUT}")
file(REMOVE "${temporary}")
