#pragma once

#include <nlohmann/json.hpp>

#include "domain/audit/audit_event.hpp"

namespace atrium::http {

nlohmann::json audit_event_json(const AuditEvent& event);

}  // namespace atrium::http
