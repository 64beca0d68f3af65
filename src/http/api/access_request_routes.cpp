#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/api/app_routes.hpp"
#include "http/dispatcher.hpp"
#include "http/json/app_input.hpp"
#include "http/json/app_json.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

// The owners' queue: ?status=pending|approved|rejected, ?app_id, ?organisation_id, ?product_id,
// ?plan_id narrow it (our extension of Tyk's list).
Result<std::pair<AccessRequestFilter, PageRequest>> list_query(Request& request) {
  QueryReader query(request);
  AccessRequestFilter filter;
  const PageRequest page = query.page();
  if (auto status = query.text("status")) {
    filter.status = parse_access_status(*status);
    if (!filter.status) {
      return fail(invalid_argument("request.invalid_query", "the query is not valid",
                                   {{"status", "must be pending, approved or rejected"}}));
    }
  }
  filter.app_id = query.positive_int("app_id");
  filter.organisation_id = query.positive_int("organisation_id");
  filter.product_id = query.positive_int("product_id");
  filter.plan_id = query.positive_int("plan_id");
  ATRIUM_TRY(query.finish());
  return std::make_pair(filter, page);
}

Response decided(const Request& request, const Result<AccessRequestView>& view,
                 std::string_view message, TimePoint now) {
  if (!view) return failure(request, view.error());
  return Response::json(200, access_outcome_json(*view, message, now));
}

}  // namespace

void add_access_request_routes(Router& router, ApiTokenService& tokens,
                               AccessRequestService& requests, const Clock& clock) {
  router.add("GET", "/portal-api/access_requests",
             require_api_token(tokens, [&requests, &clock](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto query, list_query(request));
               return respond_page(request, requests.list(actor, query.first, query.second),
                                   access_request_elem_json);
             }));
  router.add("GET", "/portal-api/access_requests/{id}",
             require_api_token(tokens, [&requests, &clock](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "access_request"));
               return respond(request, requests.get(actor, id),
                              [&clock](const AccessRequestView& v) {
                                return access_request_show_json(v, clock.now());
                              });
             }));
  router.add("DELETE", "/portal-api/access_requests/{id}",
             require_api_token(tokens, [&requests, &clock](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "access_request"));
               return respond(request, requests.remove(actor, id));
             }));
  router.add("PUT", "/portal-api/access_requests/{id}/approve",
             require_api_token(tokens, [&requests, &clock](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "access_request"));
               return decided(request, requests.approve(actor, id), "access request approved",
                              clock.now());
             }));
  router.add("PUT", "/portal-api/access_requests/{id}/reject",
             require_api_token(tokens, [&requests, &clock](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "access_request"));
               ATRIUM_RESPOND_TRY(request, auto reason, read_reject_reason(request));
               return decided(request, requests.reject(actor, id, reason),
                              "access request rejected", clock.now());
             }));
}

}  // namespace atrium::http
