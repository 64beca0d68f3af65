#include "app/modules/audit_module.hpp"

#include "http/api/audit_routes.hpp"

namespace atrium::app {

void AuditModule::add_routes(const Routes& routes) {
  http::add_audit_routes(routes.router, routes.tokens, audit);
}

}  // namespace atrium::app
