#include "http/api/outbox_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/outbox_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

struct Api {
  ApiTokenService& tokens;
  OutboxService& outbox;
};

}  // namespace

void add_outbox_routes(Router& router, ApiTokenService& tokens, OutboxService& outbox) {
  const Api api{tokens, outbox};
  router.add("GET", "/portal-api/outbox",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               OutboxFilter filter;
               if (auto status = query.text("status", 20)) {
                 filter.status = parse_outbox_status(*status);
                 if (!filter.status) {
                   return failure(request, field_error("status",
                                                       "must be queued, sent, failed "
                                                       "or abandoned"));
                 }
               }
               filter.recipient = query.text("to");
               if (auto status = query.finish(); !status) return failure(request, status.error());
               return respond_page(request, api.outbox.list(actor, filter, page), outbox_json);
             }));
  router.add("GET", "/portal-api/outbox/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto id = id_param(request, "outbox");
               if (!id) return failure(request, id.error());
               return respond(request, api.outbox.get(actor, *id), outbox_json);
             }));
}

}  // namespace atrium::http
