// Opening a database: configuration errors fail start-up with a clear message. No server needed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_connection_string.hpp"
#include "support/temp_dir.hpp"

namespace {

using atrium::store::DatabaseOptions;
using atrium::store::open_database;

// The message of the std::runtime_error that opening throws, or "" if it does not throw.
std::string open_error(const DatabaseOptions& options) {
  try {
    open_database(options);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

DatabaseOptions sqlite(const std::string& connection_string) {
  DatabaseOptions options;
  options.dialect = "sqlite3";
  options.connection_string = connection_string;
  options.pool_size = 2;
  return options;
}

TEST(StoreStartup, RejectsAnUnknownDialect) {
  atrium::testing::TempDir dir;
  DatabaseOptions options = sqlite(dir.file("a.db"));
  options.dialect = "mysql";
  const std::string message = open_error(options);
  EXPECT_NE(message.find("\"mysql\""), std::string::npos) << message;
  EXPECT_NE(message.find("postgres"), std::string::npos) << message;
}

TEST(StoreStartup, RejectsAnEmptyPool) {
  atrium::testing::TempDir dir;
  DatabaseOptions options = sqlite(dir.file("a.db"));
  options.pool_size = 0;
  EXPECT_NE(open_error(options).find("pool size"), std::string::npos);
}

TEST(StoreStartup, SqliteCreatesTheMissingDirectoryAndUsesWal) {
  atrium::testing::TempDir dir;
  const std::string path = dir.file("one/two/atrium.db");
  auto db = open_database(sqlite(path));
  ASSERT_TRUE(atrium::store::migrate(*db));
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));  // journal_mode=WAL
  EXPECT_TRUE(db->check());
}

TEST(StoreStartup, SqliteFailsClearlyWhenThePathIsUnusable) {
  atrium::testing::TempDir dir;
  std::ofstream(dir.file("plain-file")) << "not a directory";
  const std::string message = open_error(sqlite(dir.file("plain-file/atrium.db")));
  EXPECT_NE(message.find("cannot"), std::string::npos) << message;
  EXPECT_NE(message.find("plain-file"), std::string::npos) << message;
  EXPECT_NE(open_error(sqlite("")).find("empty"), std::string::npos);
  EXPECT_NE(open_error(sqlite(":memory:")).find("in-memory"), std::string::npos);
}

TEST(StoreStartup, SqliteAcceptsFileUrisAndSociForms) {
  atrium::testing::TempDir dir;
  for (const std::string& connection :
       {"file:" + dir.file("uri.db") + "?mode=rwc", "file://" + dir.file("authority.db"),
        "db=" + dir.file("soci.db"), "dbname=\"" + dir.file("with space.db") + "\" timeout=5"}) {
    SCOPED_TRACE(connection);
    auto db = open_database(sqlite(connection));
    ASSERT_TRUE(atrium::store::migrate(*db));
  }
  EXPECT_TRUE(std::filesystem::exists(dir.file("uri.db")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("authority.db")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("soci.db")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("with space.db")));
}

TEST(StoreStartup, SqliteConnectionStringForms) {
  using atrium::store::sqlite_database_path;
  EXPECT_EQ(sqlite_database_path("data/atrium.db"), "data/atrium.db");
  EXPECT_EQ(sqlite_database_path("  data/atrium.db "), "data/atrium.db");
  EXPECT_EQ(sqlite_database_path("file:data/atrium.db?cache=shared"), "data/atrium.db");
  EXPECT_EQ(sqlite_database_path("file:///var/lib/a%20b.db"), "/var/lib/a b.db");
  EXPECT_EQ(sqlite_database_path("file://localhost/var/a.db"), "/var/a.db");
  EXPECT_EQ(sqlite_database_path("db=x.db timeout=3"), "x.db");
  EXPECT_EQ(sqlite_database_path("timeout=3 dbname=\"a b/c.db\""), "a b/c.db");
  EXPECT_THROW(sqlite_database_path("file://elsewhere/a.db"), std::runtime_error);
  EXPECT_THROW(sqlite_database_path("db=\"unterminated"), std::runtime_error);
  EXPECT_THROW(sqlite_database_path("timeout=3 dbname="), std::runtime_error);
  EXPECT_THROW(sqlite_database_path(":memory:"), std::runtime_error);
}

TEST(StoreStartup, PostgresFailsClearlyWhenTheServerIsUnreachable) {
  DatabaseOptions options;
  options.dialect = "postgres";
  options.connection_string = "host=127.0.0.1 port=1 user=nobody password=secret dbname=none";
  options.pool_size = 1;
  const std::string message = open_error(options);
  EXPECT_NE(message.find("cannot open the PostgreSQL database"), std::string::npos) << message;
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
  options.connection_string = "";
  EXPECT_NE(open_error(options).find("empty"), std::string::npos);
}

TEST(StoreStartup, EmbeddedMigrationsAreNumberedWithoutGaps) {
  const auto migrations = atrium::store::known_migrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
  }
  EXPECT_EQ(atrium::store::latest_schema_version(), migrations.back().version);
  EXPECT_EQ(migrations.front().name, "foundation");
}

}  // namespace
