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

void BackgroundJobs::housekeeping(TimePoint now, BackgroundPass& pass) {
  long long sessions = 0;
  long long throttled = 0;
  const Status status = db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(sessions,
                            tx.get<SessionRepository>().remove_expired(now, now - idle_timeout_));
    ATRIUM_ASSIGN_OR_RETURN(throttled,
                            tx.get<ThrottleRepository>().remove_older_than(now - kThrottleMemory));
    return ok();
  });
  pass.housekeeping = true;
  if (!status) {
    pass.housekeeping_ok = false;
    spdlog::warn("housekeeping failed: {} ({})", status.error().message, status.error().detail);
    return;
  }
  pass.sessions_removed = sessions;
  pass.throttle_entries_removed = throttled;
}

BackgroundPass BackgroundJobs::run_once() {
  std::lock_guard pass_lock(pass_mutex_);
  BackgroundPass pass;
  const TimePoint now = clock_.now();
  // A clock set back would otherwise postpone housekeeping by as much.
  if (next_housekeeping_ > now + kHousekeepingEvery) next_housekeeping_ = now;
  if (now >= next_housekeeping_) {
    housekeeping(now, pass);
    next_housekeeping_ = now + kHousekeepingEvery;
  }
  auto sent = dispatcher_.run_once();
  if (sent) {
    pass.mail_attempted = *sent;
  } else {
    pass.mail_ok = false;
    // The detail may quote an address or an SMTP server's reply: escaped like request text.
    spdlog::warn("outbox dispatcher: {} ({})", escape_log_text(sent.error().message),
                 escape_log_text(sent.error().detail));
  }
  return pass;
}

void BackgroundJobs::run() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    const BackgroundPass pass = run_once();
    // A full batch means more may be due: go again at once.
    if (pass.mail_attempted >= dispatcher_.options().batch) continue;
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, poll_interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace atrium::app
