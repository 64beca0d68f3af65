#pragma once

#include <chrono>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/mail/email.hpp"
#include "domain/settings/portal_settings.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct DispatcherOptions {
  int batch = 10;
  // How long a claimed message is reserved for the server sending it; after a crash another
  // server retries it once the lease ends.
  std::chrono::milliseconds lease{std::chrono::minutes(5)};
  // Wait before the 2nd attempt; doubles per attempt up to retry_max.
  std::chrono::milliseconds retry_base{std::chrono::seconds(30)};
  std::chrono::milliseconds retry_max{std::chrono::hours(1)};
  int max_attempts = 8;
};

// Sends due outbox messages over SMTP (DESIGN §4). Plain logic, driven by a background thread in
// src/app; several servers may run it against one database: claims never overlap.
class OutboxDispatcher {
 public:
  OutboxDispatcher(Database& db, EmailSender& sender, const SettingsService& settings,
                   const Clock& clock, DispatcherOptions options)
      : db_(db), sender_(sender), settings_(settings), clock_(clock), options_(options) {}

  // Claims one batch and attempts each message; returns how many were attempted (0 when none
  // are due or no relay is configured: mail then stays queued).
  Result<int> run_once();

  // The wait before attempt `attempts + 1`, after `attempts` failed ones.
  std::chrono::milliseconds retry_delay(int attempts) const;

  const DispatcherOptions& options() const { return options_; }

 private:
  Database& db_;
  EmailSender& sender_;
  const SettingsService& settings_;
  const Clock& clock_;
  DispatcherOptions options_;
};

}  // namespace atrium
