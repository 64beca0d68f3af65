#include "app/background_jobs.hpp"

#include <spdlog/spdlog.h>

#include "core/log_text.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/auth/throttle_repository.hpp"

namespace atrium::app {

namespace {
constexpr auto kHousekeepingEvery = std::chrono::minutes(10);
// Throttle counts older than this no longer matter to any rule.
constexpr auto kThrottleMemory = std::chrono::hours(24);
}  // namespace

void BackgroundJobs::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void BackgroundJobs::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundJobs::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void BackgroundJobs::housekeeping() {
  const TimePoint now = clock_.now();
  const Status status = db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<SessionRepository>().remove_expired(now, now - idle_timeout_));
    ATRIUM_TRY(tx.get<ThrottleRepository>().remove_older_than(now - kThrottleMemory));
    return ok();
  });
  if (!status)
    spdlog::warn("housekeeping failed: {} ({})", status.error().message, status.error().detail);
}

void BackgroundJobs::run() {
  auto next_housekeeping = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    if (std::chrono::steady_clock::now() >= next_housekeeping) {
      housekeeping();
      next_housekeeping = std::chrono::steady_clock::now() + kHousekeepingEvery;
    }
    auto sent = dispatcher_.run_once();
    if (!sent) {
      // The detail may quote an address or an SMTP server's reply: escaped like request text.
      spdlog::warn("outbox dispatcher: {} ({})", escape_log_text(sent.error().message),
                   escape_log_text(sent.error().detail));
    }
    // A full batch means more may be due: go again at once.
    if (sent && *sent >= dispatcher_.options().batch) continue;
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, poll_interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace atrium::app
