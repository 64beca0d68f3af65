// /healthz, /readyz and /metrics over real HTTP.
#include <gtest/gtest.h>

#include "test_portal.hpp"

namespace atrium::testing {
namespace {

using OpsTest = PortalTest;

TEST_F(OpsTest, HealthzAndReadyz) {
  auto health = client().get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  auto ready = client().get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json()["status"], "ready");
}

TEST_F(OpsTest, ReadyzFailsWhenMigrationsAreBehind) {
  ASSERT_TRUE(portal_->app().database().write([](Transaction&) { return ok(); }).has_value());
  // Roll the recorded schema back behind the binary's: the server must not claim readiness.
  if (db_.dialect() == "sqlite3") {
    ASSERT_EQ(
        std::system(
            ("sqlite3 '" + db_.connection_string() + "' 'DELETE FROM schema_migrations'").c_str()),
        0);
  } else {
    ASSERT_EQ(
        std::system(("psql -q '" + db_.connection_string() + "' -c 'DELETE FROM schema_migrations'")
                        .c_str()),
        0);
  }
  auto ready = client().get("/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(ready.json()["status"], "error");
  EXPECT_EQ(client().get("/healthz").status, 200);  // alive, just not ready
}

TEST_F(OpsTest, ReadyzFailsWhenTheDatabaseIsGone) {
  if (db_.dialect() != "postgres") GTEST_SKIP() << "an open SQLite file cannot vanish";
  ASSERT_EQ(client().get("/readyz").status, 200);
  ASSERT_TRUE(db_.make_unreachable());
  auto ready = client().get("/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(ready.json()["code"], "database.unavailable");
  EXPECT_EQ(client().get("/healthz").status, 200);
}

TEST_F(OpsTest, MetricsExposeRequestsAndPools) {
  client().get("/healthz");
  client().get("/portal-api/nothing-here");
  auto metrics = client().get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  const std::string& text = metrics.body;
  EXPECT_NE(
      text.find("atrium_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"unmatched\",status=\"404\""), std::string::npos);
  EXPECT_NE(text.find("atrium_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(text.find("atrium_worker_queue_depth"), std::string::npos);
  EXPECT_NE(text.find("atrium_db_pool_in_use"), std::string::npos);
  EXPECT_NE(text.find("atrium_db_pool_size 4"), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing
