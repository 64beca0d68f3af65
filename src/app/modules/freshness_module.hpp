#pragma once

#include "app/periodic_thread.hpp"
#include "app/platform.hpp"

namespace atrium::app {

// Keeps the node's data versions in memory current (domain/freshness/version_board.hpp): a thread
// polls them every VersionBoard::kPollInterval, so that what other nodes write reaches this
// node's cached answers and sign-in checks within VersionBoard::kStalenessBound.
class FreshnessModule {
 public:
  explicit FreshnessModule(Platform& platform);
  FreshnessModule(const FreshnessModule&) = delete;
  FreshnessModule& operator=(const FreshnessModule&) = delete;

  // Reads the versions once (a failure is logged and retried by the thread), then starts it.
  void start();
  void stop() { thread_.stop(); }

 private:
  void poll_logged();

  Platform& platform_;
  PeriodicThread thread_;
};

}  // namespace atrium::app
