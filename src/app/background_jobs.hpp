#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "domain/mail/outbox_dispatcher.hpp"
#include "domain/storage.hpp"

namespace atrium::app {

// One background thread per server: sends due email (woken early when mail is queued) and, now
// and then, forgets expired sessions and old throttle counts. Every server runs it; the database
// keeps them from stepping on each other.
class BackgroundJobs {
 public:
  BackgroundJobs(Database& db, OutboxDispatcher& dispatcher, const Clock& clock,
                 std::chrono::milliseconds poll_interval, std::chrono::milliseconds idle_timeout)
      : db_(db),
        dispatcher_(dispatcher),
        clock_(clock),
        poll_interval_(poll_interval),
        idle_timeout_(idle_timeout) {}
  ~BackgroundJobs() { stop(); }
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  void start();
  void stop();
  // Runs the dispatcher soon (thread-safe; cheap).
  void wake();

 private:
  void run();
  void housekeeping();

  Database& db_;
  OutboxDispatcher& dispatcher_;
  const Clock& clock_;
  std::chrono::milliseconds poll_interval_;
  std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace atrium::app
