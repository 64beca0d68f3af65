#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

// PostgreSQL for tests: scripts/with-postgres starts a throwaway server and exports
// ATRIUM_TEST_PG (a libpq connection string); every test then works in a database of its own.
namespace atrium::testing {

// ATRIUM_TEST_PG when set and non-empty.
std::optional<std::string> test_postgres_server();

// CI=true: tests that need PostgreSQL must fail, never skip, when it is missing.
bool running_in_ci();

// A fresh, empty database on `server`, created with a random name and dropped (WITH FORCE, so
// open connections do not keep it alive) on destruction. Uses libpq directly, no SOCI.
class ScratchPostgresDatabase {
 public:
  // Throws std::runtime_error when the server refuses.
  explicit ScratchPostgresDatabase(const std::string& server);
  ~ScratchPostgresDatabase();
  ScratchPostgresDatabase(const ScratchPostgresDatabase&) = delete;
  ScratchPostgresDatabase& operator=(const ScratchPostgresDatabase&) = delete;

  const std::string& name() const { return name_; }
  // `server` with dbname pointing at this database (key='value' form).
  const std::string& connection_string() const { return connection_string_; }

  // Simulates a server restart for the clients of this database: ends their sessions.
  void terminate_connections();
  // Drops the database now (to make it unreachable); the destructor then does nothing.
  void drop();

 private:
  std::string server_;
  std::string name_;
  std::string connection_string_;
  bool dropped_ = false;
};

}  // namespace atrium::testing

// In a test or SetUp(): skips the test when no PostgreSQL server is configured, but fails it
// when running in CI, so that a missing server can never pass silently.
#define ATRIUM_REQUIRE_TEST_POSTGRES()                                                      \
  do {                                                                                      \
    if (!::atrium::testing::test_postgres_server()) {                                       \
      if (::atrium::testing::running_in_ci()) {                                             \
        FAIL() << "ATRIUM_TEST_PG is not set but CI=true: PostgreSQL tests must run in CI " \
                  "(run them under scripts/with-postgres)";                                 \
      }                                                                                     \
      GTEST_SKIP() << "ATRIUM_TEST_PG is not set; run under scripts/with-postgres";         \
    }                                                                                       \
  } while (false)
