#pragma once

#include <string>
#include <string_view>

// Internal to src/store: what PORTAL_DATABASE_CONNECTIONSTRING means for SQLite.
namespace atrium::store {

// The database file named by a connection string. Accepted forms:
//   data/atrium.db                     a path (relative to the working directory)
//   file:data/atrium.db, file:///abs   an SQLite URI (percent-decoded; the query is ignored)
//   db=data/atrium.db, dbname="a b.db"  SOCI's form (other key=value pairs are ignored)
// Throws std::runtime_error when no usable file is named (empty, in-memory, bad quoting):
// a pool of connections needs one shared file.
std::string sqlite_database_path(std::string_view connection_string);

// SOCI's sqlite3 connect string for a file path. Throws std::runtime_error if SOCI cannot
// express the path (it contains a double quote).
std::string soci_sqlite_connect_string(const std::string& path);

}  // namespace atrium::store
