#include "store/audit/audit_row.hpp"

#include <utility>

namespace atrium::store {

const std::string kAuditColumns =
    "a.id, a.occurred_at, a.actor_id, a.actor_email, a.actor_role, a.action, a.target_type, "
    "a.target_id, a.organisation_id, a.source_address, a.changes";

AuditEvent AuditRow::to_event() const {
  AuditEvent event;
  event.id = id;
  event.occurred_at = from_unix_ms(occurred_at);
  if (actor_indicator == soci::i_ok) event.actor_id = actor_id;
  event.actor_email = actor_email;
  event.actor_role = actor_role;
  event.action = action;
  event.target_type = target_type;
  event.target_id = target_id;
  if (organisation_indicator == soci::i_ok) event.organisation_id = organisation_id;
  event.source_address = source_address;
  event.changes = changes;
  return event;
}

}  // namespace atrium::store
