#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/platform.hpp"
#include "domain/gateway/grant_index.hpp"
#include "domain/gateway/grant_refresher.hpp"
#include "domain/gateway/key_check.hpp"
#include "domain/gateway/quota_counter.hpp"
#include "domain/gateway/rate_limiter.hpp"
#include "http/router.hpp"

namespace atrium::app {

// The gateway key check (DESIGN §11): /gateway/v1/check answered from the in-memory index, and
// the thread that keeps the index current and flushes usage counts.
class GatewayModule {
 public:
  explicit GatewayModule(Platform& platform);
  ~GatewayModule() { stop(); }
  GatewayModule(const GatewayModule&) = delete;
  GatewayModule& operator=(const GatewayModule&) = delete;

  void add_routes(http::Router& router);
  // Loads the index (a failure is logged and retried by the thread), then starts the thread.
  void start();
  void stop();

  GrantIndex index;
  RateLimiter rates;
  QuotaCounter quotas;
  KeyChecker checker;
  GrantRefresher refresher;

 private:
  void run();
  void poll_logged();
  void flush_logged();

  Platform& platform_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace atrium::app
