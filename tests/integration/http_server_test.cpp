// The HTTP transport with routes of the test's own: exceptions, overload, graceful shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"

namespace atrium::testing {
namespace {

using http::Execution;
using http::Request;
using http::Response;

class HttpServerTest : public ::testing::Test {
 protected:
  void start(http::Router router, std::size_t workers = 2, std::size_t queue = 8) {
    workers_ = std::make_unique<WorkerPool>(workers, queue);
    http::DispatcherOptions dispatcher_options;
    dispatcher_options.max_body_bytes = 1024;
    dispatcher_ =
        std::make_unique<http::Dispatcher>(std::move(router), metrics_, dispatcher_options);
    http::ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 1024;
    options.shutdown_timeout = std::chrono::seconds(10);
    server_ = std::make_unique<http::Server>(options, *dispatcher_, *workers_);
    server_->start();
    client_ = std::make_unique<HttpClient>("http://127.0.0.1:" + std::to_string(server_->port()));
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (workers_) workers_->stop();
  }

  Metrics metrics_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(HttpServerTest, ThrowingHandlerGives500JsonWithErrorId) {
  http::Router r;
  r.add("GET", "/boom",
        [](Request&) -> Response { throw std::logic_error("db password=hunter2"); });
  r.add(
      "GET", "/boom-inline", [](Request&) -> Response { throw 7; }, Execution::kInline);
  start(std::move(r));
  for (const char* path : {"/boom", "/boom-inline"}) {
    auto res = client_->get(path);
    EXPECT_EQ(res.status, 500) << path;
    auto body = res.json();
    EXPECT_EQ(body["status"], "error");
    EXPECT_TRUE(body["error_id"].is_string());
    EXPECT_EQ(res.body.find("hunter2"), std::string::npos);
  }
  // The server is still fine afterwards.
  EXPECT_EQ(client_->get("/nothing").status, 404);
}

TEST_F(HttpServerTest, BodyLimitGives413) {
  http::Router r;
  r.add("POST", "/echo", [](Request& req) { return Response::text(200, req.body); });
  start(std::move(r));
  EXPECT_EQ(client_->request("POST", "/echo", {}, std::string(1024, 'a')).status, 200);
  auto res = client_->request("POST", "/echo", {}, std::string(1025, 'a'));
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(res.json()["code"], "request.body_too_large");
}

TEST_F(HttpServerTest, FullWorkerQueueGives503) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> entered{0};
  http::Router r;
  r.add("GET", "/block", [gate, &entered](Request&) {
    ++entered;
    gate.wait();
    return Response::text(200, "done");
  });
  start(std::move(r), /*workers=*/1, /*queue=*/1);
  // One request occupies the worker, one waits in the queue; the third finds no room.
  auto first = std::async(std::launch::async, [&] { return client_->get("/block"); });
  while (entered.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto second = std::async(std::launch::async, [&] { return client_->get("/block"); });
  while (workers_->queue_depth() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto third = client_->get("/block");
  EXPECT_EQ(third.status, 503);
  EXPECT_EQ(third.header("retry-after"), "1");
  EXPECT_EQ(third.json()["code"], "server.busy");
  release.set_value();
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(second.get().status, 200);
}

TEST_F(HttpServerTest, GracefulStopFinishesRequestsInFlight) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> entered{0};
  http::Router r;
  r.add("GET", "/slow", [gate, &entered](Request&) {
    ++entered;
    gate.wait();
    return Response::text(200, "finished");
  });
  r.add("GET", "/fast", [](Request&) { return Response::text(200, "fast"); });
  start(std::move(r));
  auto in_flight = std::async(std::launch::async, [&] { return client_->get("/slow"); });
  while (entered.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto stopping = std::async(std::launch::async, [&] { server_->stop(); });
  // The listener closes first: new connections are refused while the old request runs on.
  bool refused = false;
  for (int i = 0; i < 200 && !refused; ++i) {
    try {
      (void)HttpClient(client_->base_url()).get("/fast");
    } catch (const std::runtime_error&) {
      refused = true;
    }
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(stopping.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  release.set_value();
  auto res = in_flight.get();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "finished");
  stopping.get();
  EXPECT_EQ(server_->in_flight(), 0U);
}

}  // namespace
}  // namespace atrium::testing
