#include "test_portal.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace atrium::testing {

std::string test_dialect() {
  const char* d = std::getenv("ATRIUM_TEST_DIALECT");
  return d != nullptr && *d != '\0' ? d : "sqlite3";
}

ScratchDatabase::ScratchDatabase() : dialect_(test_dialect()) {
  if (dialect_ == "sqlite3") {
    connection_string_ = dir_.file("portal.db");
    available_ = true;
    return;
  }
  const auto server = test_postgres_server();
  if (!server) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
      ADD_FAILURE() << "CI=true but ATRIUM_TEST_PG is not set: PostgreSQL tests must run in CI";
    }
    return;
  }
  postgres_ = std::make_unique<ScratchPostgresDatabase>(*server);
  connection_string_ = postgres_->connection_string();
  available_ = true;
}

bool ScratchDatabase::make_unreachable() {
  if (!postgres_) return false;
  postgres_->drop();
  return true;
}

TestPortal::TestPortal(const ScratchDatabase& db, app::EnvVars env, PasswordHasher* hasher) {
  env.emplace("PORTAL_HOSTPORT", "0");
  env.emplace("PORTAL_DATABASE_DIALECT", db.dialect());
  env.emplace("PORTAL_DATABASE_CONNECTIONSTRING", db.connection_string());
  env.emplace("PORTAL_DATABASE_POOLSIZE", "4");
  env.emplace("PORTAL_SERVER_WORKERTHREADS", "4");
  // Small hashes keep the suite fast; the parameters themselves are tested in unit tests.
  env.emplace("PORTAL_PASSWORD_HASHMEMORY", "64KiB");
  env.emplace("PORTAL_PASSWORD_HASHITERATIONS", "1");
  env.emplace("PORTAL_LOG_LEVEL", "warn");
  auto config = app::load_config(app::ConfigFlags{}, env);
  if (!config) throw std::runtime_error("test config: " + config.error());
  app_ = std::make_unique<app::Application>(std::move(*config), app::Overrides{&clock_, hasher});
  app_->start();
  client_ = std::make_unique<HttpClient>("http://127.0.0.1:" + std::to_string(app_->port()));
}

TestPortal::~TestPortal() { app_->stop(); }

void PortalTest::SetUp() {
  ATRIUM_REQUIRE_DATABASE(db_);
  portal_ = std::make_unique<TestPortal>(db_);
}

std::string TestPortal::bootstrap_token(const std::string& email) {
  auto result = client_->post_json("/portal-api/bootstrap",
                                   {{"username", email}, {"password", "a long test password"}});
  if (result.status != 200) throw std::runtime_error("bootstrap failed: " + result.body);
  return result.json()["data"]["api_token"].get<std::string>();
}

}  // namespace atrium::testing
