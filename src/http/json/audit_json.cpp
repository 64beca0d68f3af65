#include "http/json/audit_json.hpp"

#include "http/json_util.hpp"

namespace atrium::http {

nlohmann::json audit_event_json(const AuditEvent& event) {
  nlohmann::json changes = nlohmann::json::parse(event.changes, nullptr, false);
  if (changes.is_discarded()) changes = nlohmann::json::object();
  return {{"ID", event.id},
          {"Time", json_time(event.occurred_at)},
          {"ActorID", event.actor_id ? nlohmann::json(*event.actor_id) : nlohmann::json()},
          {"ActorEmail", event.actor_email},
          {"ActorRole", event.actor_role},
          {"Action", event.action},
          {"TargetType", event.target_type},
          {"TargetID", event.target_id},
          {"OrganisationID",
           event.organisation_id ? nlohmann::json(*event.organisation_id) : nlohmann::json()},
          {"SourceAddress", event.source_address},
          {"Changes", std::move(changes)}};
}

}  // namespace atrium::http
