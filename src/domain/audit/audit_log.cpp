#include "domain/audit/audit_log.hpp"

#include "domain/audit/audit_event.hpp"
#include "domain/audit/audit_repository.hpp"
#include "domain/paging.hpp"
#include "domain/policy/policy.hpp"

namespace atrium {

Status record_audit(Transaction& tx, const Actor& actor, TimePoint now, std::string_view action,
                    std::string_view target_type, std::string_view target_id,
                    std::optional<OrganisationId> organisation_id, const nlohmann::json& changes) {
  AuditEvent event;
  event.occurred_at = now;
  if (actor.user_id != 0) event.actor_id = actor.user_id;
  event.actor_email = actor.email;
  event.actor_role = actor.user_id != 0 ? std::string(to_string(actor.role)) : std::string();
  event.action = action;
  event.target_type = target_type;
  event.target_id = target_id;
  event.organisation_id = organisation_id;
  event.source_address = actor.source_address;
  event.changes = changes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  ATRIUM_TRY(tx.get<AuditRepository>().append(event));
  return ok();
}

Result<PageOf<AuditEvent>> AuditLogService::list(const Actor& actor, const AuditFilter& filter,
                                                 const PageRequest& page) {
  if (!is_api_owner(actor.role)) return fail(not_found("route.not_found", "not found"));
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<AuditRepository>().list(filter, page); });
}

}  // namespace atrium
