#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "core/metrics.hpp"
#include "core/worker_pool.hpp"

namespace atrium {
namespace {

TEST(WorkerPool, RunsTasks) {
  WorkerPool pool(2, 16);
  std::atomic<int> done{0};
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.try_submit([&done] { ++done; }));
  pool.stop();
  EXPECT_EQ(done.load(), 10);
}

TEST(WorkerPool, RefusesWhenQueueFull) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.try_submit([&started, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the only worker is now busy
  EXPECT_TRUE(pool.try_submit([gate] { gate.wait(); }));
  EXPECT_TRUE(pool.try_submit([gate] { gate.wait(); }));
  EXPECT_EQ(pool.queue_depth(), 2U);
  EXPECT_FALSE(pool.try_submit([] {}));  // queue of 2 is full
  EXPECT_EQ(pool.busy(), 1U);
  release.set_value();
  pool.stop();
  EXPECT_EQ(pool.queue_depth(), 0U);
  EXPECT_FALSE(pool.try_submit([] {}));  // stopped
}

TEST(Metrics, RendersCountersHistogramsAndGauges) {
  Metrics metrics;
  metrics.observe_request("GET", "/portal-api/users/{id}", 200, 0.003);
  metrics.observe_request("GET", "/portal-api/users/{id}", 200, 0.2);
  metrics.observe_request("GET", "/x\"y", 404, 0.001);
  metrics.add_gauge("atrium_worker_queue_depth", "Requests waiting.", [] { return 7.0; });
  const std::string text = metrics.render();
  EXPECT_NE(text.find("atrium_http_requests_total{method=\"GET\",route=\"/portal-api/users/{id}\","
                      "status=\"200\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("le=\"0.005\"} 1"), std::string::npos);
  EXPECT_NE(text.find("le=\"+Inf\"} 2"), std::string::npos);
  EXPECT_NE(text.find("route=\"/x\\\"y\""), std::string::npos);  // label escaped
  EXPECT_NE(text.find("atrium_worker_queue_depth 7"), std::string::npos);
}

}  // namespace
}  // namespace atrium
