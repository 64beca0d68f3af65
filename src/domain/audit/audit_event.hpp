#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

using AuditEventId = long long;

// One change made by an API Owner or consumer-admin: who, what, when, from where.
// `changes` is a JSON object text of the changed fields (never secrets: a password change is
// recorded as "Password": "changed").
struct AuditEvent {
  AuditEventId id = 0;
  TimePoint occurred_at;
  std::optional<UserId> actor_id;  // empty for system actions (e.g. bootstrap over the API)
  std::string actor_email;
  std::string actor_role;
  std::string action;       // "user.create", "organisation.delete", ...
  std::string target_type;  // "user", "organisation", "team", "api_token", ...
  std::string target_id;
  std::optional<OrganisationId> organisation_id;
  std::string source_address;
  std::string changes = "{}";
};

struct AuditFilter {
  std::optional<UserId> actor_id;
  std::optional<std::string> action;
  std::optional<std::string> target_type;
  std::optional<std::string> target_id;
  std::optional<OrganisationId> organisation_id;
  std::optional<TimePoint> from;   // inclusive
  std::optional<TimePoint> until;  // exclusive
};

}  // namespace atrium
