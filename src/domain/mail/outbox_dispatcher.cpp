#include "domain/mail/outbox_dispatcher.hpp"

#include <algorithm>

#include "domain/mail/outbox_repository.hpp"

namespace atrium {

std::chrono::milliseconds OutboxDispatcher::retry_delay(int attempts) const {
  const int doublings = std::clamp(attempts - 1, 0, 30);
  const std::chrono::milliseconds delay(options_.retry_base.count() * (1LL << doublings));
  return std::min(delay, options_.retry_max);
}

Result<int> OutboxDispatcher::run_once() {
  ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.current());
  if (!settings.can_send()) return 0;
  const TimePoint now = clock_.now();
  auto claimed = db_.write_result([&](Transaction& tx) {
    return tx.get<OutboxRepository>().claim_due(now, now + options_.lease, options_.batch);
  });
  if (!claimed) return fail(std::move(claimed).error());
  for (const auto& message : *claimed) {
    const Status sent = sender_.send(
        settings.smtp, OutgoingEmail{settings.email_from, message.recipient, message.subject,
                                     message.text_body, message.html_body});
    const TimePoint after = clock_.now();
    const Status recorded = db_.write([&](Transaction& tx) -> Status {
      if (sent) return tx.get<OutboxRepository>().mark_sent(message.id, after);
      const std::string error = sent.error().id + ": " + sent.error().message;
      if (message.attempts >= options_.max_attempts) {
        return tx.get<OutboxRepository>().mark_abandoned(message.id, error, after);
      }
      return tx.get<OutboxRepository>().mark_failed(message.id, error,
                                                    after + retry_delay(message.attempts));
    });
    // Unrecorded, the lease runs out and the message is tried again: at worst sent twice, never
    // lost.
    if (!recorded) return fail(recorded.error());
  }
  return static_cast<int>(claimed->size());
}

}  // namespace atrium
