#include "domain/mail/outbox_service.hpp"

#include "domain/directory/directory_support.hpp"
#include "domain/mail/outbox_message.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/paging.hpp"

namespace atrium {

Result<PageOf<OutboxMessage>> OutboxService::list(const Actor& actor, const OutboxFilter& filter,
                                                  const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kViewOutbox));
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<OutboxRepository>().list(filter, page); });
}

Result<OutboxMessage> OutboxService::get(const Actor& actor, OutboxMessageId id) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kViewOutbox));
  return db_.read_result([&](Transaction& tx) -> Result<OutboxMessage> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<OutboxRepository>().find(id));
    if (!found) return fail(not_found("outbox.not_found", "message not found"));
    return std::move(*found);
  });
}

}  // namespace atrium
