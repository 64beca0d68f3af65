#include "app/modules/audit_module.hpp"

#include "http/api/audit_routes.hpp"
#include "web/admin/admin_pages.hpp"

namespace atrium::app {

void AuditModule::add_routes(const Routes& routes) {
  http::add_audit_routes(routes.router, routes.tokens, audit);
  web::add_audit_pages(routes.router, routes.pages, audit);
}

}  // namespace atrium::app
