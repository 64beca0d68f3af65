#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "domain/mail/outbox_dispatcher.hpp"
#include "domain/storage.hpp"

namespace atrium::app {

// What one pass of the background jobs did (BackgroundJobs::run_once).
struct BackgroundPass {
  // Outbox messages attempted (sent, failed or abandoned); 0 when none were due or no relay is
  // configured.
  int mail_attempted = 0;
  bool mail_ok = true;  // false: the dispatcher failed (logged); mail_attempted is then 0
  // Housekeeping ran in this pass (it is due every 10 minutes by the injected clock).
  bool housekeeping = false;
  bool housekeeping_ok = true;  // false: it failed (logged); the counts are then 0
  long long sessions_removed = 0;
  long long throttle_entries_removed = 0;
};

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

  // One full pass, synchronously on the caller's thread: housekeeping when it is due (the first
  // pass, then every 10 minutes of the injected clock), then one batch of due mail. The thread's
  // loop calls it; tests call it to get a finished pass instead of sleeping. Passes of one
  // BackgroundJobs never overlap: a caller first waits for a pass in flight (on the thread, say),
  // so when run_once returns, every pass begun before the call has finished as well.
  BackgroundPass run_once();

 private:
  void run();
  void housekeeping(TimePoint now, BackgroundPass& pass);

  Database& db_;
  OutboxDispatcher& dispatcher_;
  const Clock& clock_;
  std::chrono::milliseconds poll_interval_;
  std::chrono::milliseconds idle_timeout_;
  std::mutex pass_mutex_;  // one pass at a time; guards next_housekeeping_
  TimePoint next_housekeeping_ = TimePoint::min();
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace atrium::app
