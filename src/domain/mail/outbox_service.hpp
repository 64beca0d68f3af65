#pragma once

#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/mail/outbox_message.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// The outbox as API Owners read it (DESIGN §4): with no SMTP configured, queued messages and
// their links are passed on by hand.
class OutboxService {
 public:
  explicit OutboxService(Database& db) : db_(db) {}
  Result<PageOf<OutboxMessage>> list(const Actor& actor, const OutboxFilter& filter,
                                     const PageRequest& page);
  Result<OutboxMessage> get(const Actor& actor, OutboxMessageId id);

 private:
  Database& db_;
};

}  // namespace atrium
