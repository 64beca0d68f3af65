#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/mail/outbox_message.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Emails waiting to be sent, shared by every server (DESIGN §4).
class OutboxRepository : public Repository {
 public:
  virtual ~OutboxRepository() = default;
  virtual Result<OutboxMessage> enqueue(const NewOutboxMessage& message, TimePoint now) = 0;
  virtual Result<std::optional<OutboxMessage>> find(OutboxMessageId id) = 0;
  // Newest first.
  virtual Result<PageOf<OutboxMessage>> list(const OutboxFilter& filter,
                                             const PageRequest& page) = 0;
  // Takes up to `limit` messages that are due (queued or failed, next attempt at or before
  // `now`, not leased) and leases them until `lease_until`, oldest first. Concurrent claims on
  // other servers skip them (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite serialises writers).
  virtual Result<std::vector<OutboxMessage>> claim_due(TimePoint now, TimePoint lease_until,
                                                       int limit) = 0;
  // Sent: the bodies are erased and the lease released.
  virtual Status mark_sent(OutboxMessageId id, TimePoint now) = 0;
  // Failed with another attempt at `next_attempt_at`.
  virtual Status mark_failed(OutboxMessageId id, std::string_view error,
                             TimePoint next_attempt_at) = 0;
  // Abandoned after the last attempt: the bodies are erased.
  virtual Status mark_abandoned(OutboxMessageId id, std::string_view error, TimePoint now) = 0;
};

}  // namespace atrium
