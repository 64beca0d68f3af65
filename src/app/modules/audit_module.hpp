#pragma once

#include "app/modules/routes.hpp"
#include "app/platform.hpp"
#include "domain/audit/audit_log.hpp"

namespace atrium::app {

// The audit log's reading side (GET /portal-api/audit-events); events are written by every
// service in its own transaction.
struct AuditModule {
  explicit AuditModule(Platform& platform) : audit(*platform.database) {}
  void add_routes(const Routes& routes);

  AuditLogService audit;
};

}  // namespace atrium::app
