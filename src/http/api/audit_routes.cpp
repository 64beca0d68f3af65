#include "http/api/audit_routes.hpp"

#include "core/time_format.hpp"
#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json/audit_json.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

std::optional<TimePoint> read_time(const Request& request, std::string_view name,
                                   FieldErrors& errors) {
  const auto raw = request.query_param(name);
  if (!raw) return std::nullopt;
  auto t = parse_rfc3339(*raw);
  if (!t) errors.add(std::string(name), "must be an RFC 3339 time like 2026-01-31T12:00:00Z");
  return t;
}

}  // namespace

void add_audit_routes(Router& router, ApiTokenService& tokens, AuditLogService& audit) {
  router.add("GET", "/portal-api/audit-events",
             require_api_token(tokens, [&audit](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               AuditFilter filter;
               filter.actor_id = query.positive_int("actor_id");
               filter.action = query.text("action", 100);
               filter.target_type = query.text("target_type", 100);
               filter.target_id = query.text("target_id", 100);
               filter.organisation_id = query.positive_int("organisation_id");
               FieldErrors time_errors;
               filter.from = read_time(request, "from", time_errors);
               filter.until = read_time(request, "to", time_errors);
               if (auto status = query.finish(); !status) return failure(request, status.error());
               if (auto status = time_errors.finish("request.invalid_query"); !status) {
                 return failure(request, status.error());
               }
               return respond_page(request, audit.list(actor, filter, page), audit_event_json);
             }));
}

}  // namespace atrium::http
