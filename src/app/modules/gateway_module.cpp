#include "app/modules/gateway_module.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "core/encoding.hpp"
#include "http/api/gateway_routes.hpp"

namespace atrium::app {

namespace {

// Rate buckets and usage entries of keys idle this long are dropped (a full bucket again),
// looked for once a minute: the walk reads every key's entry (a million of them).
constexpr std::chrono::minutes kIdleKeys{10};
constexpr std::chrono::minutes kForgetEvery{1};
constexpr std::chrono::minutes kPruneEvery{10};

void add_gauges(Platform& p, const GrantIndex& index, const GrantRefresher& refresher) {
  p.metrics.add_gauge("atrium_gateway_keys", "Live API keys in this server's gateway index.",
                      [&index] { return static_cast<double>(index.size()); });
  const Clock& clock = p.clock;
  p.metrics.add_gauge(
      "atrium_gateway_index_lag_seconds",
      "Seconds since the gateway index was last known current (-1 before the first load).",
      [&refresher, &clock] {
        const auto as_of = refresher.current_as_of();
        if (!as_of) return -1.0;
        return std::chrono::duration<double>(clock.now() - *as_of).count();
      });
}

}  // namespace

GatewayModule::GatewayModule(Platform& p)
    : checker(index, rates, quotas, p.token_hasher, p.clock),
      refresher(*p.database, index, quotas, p.clock),
      platform_(p) {
  add_gauges(p, index, refresher);
}

void GatewayModule::add_routes(http::Router& router) {
  const GatewayConfig& config = platform_.config.gateway;
  http::add_gateway_routes(router, checker,
                           {.key_header = ascii_lower(config.key_header), .secret = config.secret});
}

void GatewayModule::poll_logged() {
  auto polled = refresher.poll();
  if (!polled) {
    spdlog::warn("gateway index refresh failed: {}", polled.error().message);
  } else if (polled->full_load) {
    spdlog::info("gateway index loaded: {} live keys", index.size());
  }
}

void GatewayModule::flush_logged() {
  if (auto flushed = refresher.flush_usage(); !flushed) {
    spdlog::warn("gateway usage flush failed (kept for the next one): {}", flushed.error().message);
  }
}

void GatewayModule::start() {
  if (thread_.joinable()) return;
  poll_logged();
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void GatewayModule::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void GatewayModule::run() {
  const GatewayConfig& config = platform_.config.gateway;
  auto next_flush = std::chrono::steady_clock::now() + config.flush_interval;
  auto next_prune = std::chrono::steady_clock::now();
  auto next_forget = next_prune + kForgetEvery;
  std::unique_lock lock(mutex_);
  while (!wakeup_.wait_for(lock, config.poll_interval, [this] { return stopping_; })) {
    lock.unlock();
    poll_logged();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_flush) {
      flush_logged();
      next_flush = now + config.flush_interval;
    }
    if (now >= next_forget) {
      rates.forget_idle(platform_.clock.now(), kIdleKeys);
      quotas.forget_idle(platform_.clock.now(), kIdleKeys);
      next_forget = now + kForgetEvery;
    }
    if (now >= next_prune) {
      if (auto pruned = refresher.prune(); !pruned) {
        spdlog::warn("gateway change log prune failed: {}", pruned.error().message);
      }
      next_prune = now + kPruneEvery;
    }
    lock.lock();
  }
  lock.unlock();
  flush_logged();  // what was counted since the last flush is not lost at a graceful stop
}

}  // namespace atrium::app
