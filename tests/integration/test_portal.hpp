#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "app/application.hpp"
#include "support/http_client.hpp"
#include "support/manual_clock.hpp"
#include "support/postgres_env.hpp"
#include "support/temp_dir.hpp"

namespace atrium::testing {

// The database the integration suite runs on, from ATRIUM_TEST_DIALECT (sqlite3 default).
std::string test_dialect();

// A scratch database for one test: a temp SQLite file, or a throwaway PostgreSQL database.
// Skips the test (or fails it, under CI=true) when PostgreSQL is wanted but not available.
class ScratchDatabase {
 public:
  ScratchDatabase();
  const std::string& dialect() const { return dialect_; }
  const std::string& connection_string() const { return connection_string_; }
  bool available() const { return available_; }
  // PostgreSQL only: drops the database under the running server (false for SQLite).
  bool make_unreachable();

 private:
  std::string dialect_;
  std::string connection_string_;
  bool available_ = false;
  TempDir dir_;
  std::unique_ptr<ScratchPostgresDatabase> postgres_;
};

// A real Atrium (the production composition root) on a free loopback port.
class TestPortal {
 public:
  explicit TestPortal(const ScratchDatabase& db, app::EnvVars env = {},
                      PasswordHasher* hasher = nullptr);
  ~TestPortal();

  app::Application& app() { return *app_; }
  HttpClient& client() { return *client_; }
  ManualClock& clock() { return clock_; }

  // Bootstraps the first API Owner and returns its API token.
  std::string bootstrap_token(const std::string& email = "owner@example.com");

 private:
  ManualClock clock_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<HttpClient> client_;
};

// A fixture with a fresh database and a running portal for every test.
class PortalTest : public ::testing::Test {
 protected:
  void SetUp() override;
  HttpClient& client() { return portal_->client(); }

  ScratchDatabase db_;
  std::unique_ptr<TestPortal> portal_;
};

}  // namespace atrium::testing

// Skips (or, under CI=true, fails) when the scratch database is not available.
#define ATRIUM_REQUIRE_DATABASE(db)                                    \
  do {                                                                 \
    if (!(db).available()) {                                           \
      GTEST_SKIP() << "PostgreSQL not available (set ATRIUM_TEST_PG)"; \
    }                                                                  \
  } while (false)
