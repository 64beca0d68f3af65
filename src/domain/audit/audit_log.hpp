#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/auth/actor.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Writes an audit event inside the caller's transaction, so the event and the change it records
// commit or roll back together. `changes` is a JSON object of what changed (never secrets).
Status record_audit(Transaction& tx, const Actor& actor, TimePoint now, std::string_view action,
                    std::string_view target_type, std::string_view target_id,
                    std::optional<OrganisationId> organisation_id,
                    const nlohmann::json& changes = nlohmann::json::object());

// Reading the audit log (API Owners only).
class AuditLogService {
 public:
  explicit AuditLogService(Database& db) : db_(db) {}
  Result<PageOf<AuditEvent>> list(const Actor& actor, const AuditFilter& filter,
                                  const PageRequest& page);

 private:
  Database& db_;
};

}  // namespace atrium
