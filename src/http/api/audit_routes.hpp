#pragma once

#include "domain/audit/audit_log.hpp"
#include "domain/auth/api_tokens.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET /portal-api/audit-events.
void add_audit_routes(Router& router, ApiTokenService& tokens, AuditLogService& audit);

}  // namespace atrium::http
