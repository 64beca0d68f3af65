#include "http/api/product_doc_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/catalogue_input.hpp"
#include "http/json/page_json.hpp"
#include "http/json/product_json.hpp"
#include "http/respond.hpp"

namespace atrium::http {

void add_product_doc_routes(Router& router, ApiTokenService& tokens, ProductDocService& docs) {
  router.add("GET", "/portal-api/products/{id}/docs",
             require_api_token(tokens, [&docs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond_all(request, docs.list(actor, id), doc_json);
             }));
  router.add("POST", "/portal-api/products/{id}/docs",
             require_api_token(tokens, [&docs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto input, read_doc_input(request));
               return respond(request, docs.create(actor, id, input), doc_json, 201);
             }));
  router.add("POST", "/portal-api/products/{id}/docs/reorder",
             require_api_token(tokens, [&docs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto order, read_doc_order(request));
               return respond(request, docs.reorder(actor, id, order));
             }));
  router.add("GET", "/portal-api/products/{id}/docs/{doc_id}",
             require_api_token(tokens, [&docs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto doc, id_param(request, "doc", "doc_id"));
               return respond(request, docs.get(actor, id, doc), doc_json);
             }));
  router.add("PUT", "/portal-api/products/{id}/docs/{doc_id}",
             require_api_token(tokens, [&docs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto doc, id_param(request, "doc", "doc_id"));
               ATRIUM_RESPOND_TRY(request, auto input, read_doc_input(request));
               return respond(request, docs.update(actor, id, doc, input), doc_json);
             }));
  router.add("DELETE", "/portal-api/products/{id}/docs/{doc_id}",
             require_api_token(tokens, [&docs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto doc, id_param(request, "doc", "doc_id"));
               return respond(request, docs.remove(actor, id, doc));
             }));
}

}  // namespace atrium::http
