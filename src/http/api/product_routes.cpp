#include "http/api/product_routes.hpp"

#include <string>
#include <utility>
#include <vector>

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/catalogue_input.hpp"
#include "http/json/catalogue_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/product_json.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

void add_product_record_routes(Router& router, ApiTokenService& tokens, ProductService& products,
                               ResponseCache& lists) {
  router.add("GET", "/portal-api/products",
             require_api_token(tokens,
                               [&products, &lists](Request& request, const Actor& actor) {
                                 QueryReader query(request);
                                 const PageRequest page = query.page();
                                 if (auto status = query.finish(); !status)
                                   return failure(request, status.error());
                                 // Every API Owner is shown the same list (admin tokens are theirs
                                 // only): one cached answer.
                                 return lists.answer(
                                     response_cache_key("portal-api/products", 0, request.query),
                                     DataSet::kCatalogue, [&] {
                                       return respond_page(request, products.list(actor, page),
                                                           product_index_json);
                                     });
                               }),
             Execution::kInlineFirst);
  router.add("POST", "/portal-api/products",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto input, read_product_input(request));
               return respond(request, products.create(actor, input), product_show_json, 201);
             }));
  router.add("GET", "/portal-api/products/{id}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, products.get(actor, id), product_show_json);
             }));
  router.add("PUT", "/portal-api/products/{id}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto input, read_product_input(request));
               return respond(request, products.update(actor, id, input), product_show_json);
             }));
  router.add("DELETE", "/portal-api/products/{id}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, products.remove(actor, id));
             }));
}

void add_api_detail_routes(Router& router, ApiTokenService& tokens, ProductService& products) {
  router.add("GET", "/portal-api/products/{id}/api-details",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond_all(request, products.apis(actor, id), api_detail_json);
             }));
  router.add("GET", "/portal-api/products/{id}/api-details/{api_id}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, products.get_api(actor, id, request.param("api_id")),
                              api_detail_json);
             }));
  router.add("PUT", "/portal-api/products/{id}/api-details/{api_id}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto input, read_api_update(request));
               return respond(request,
                              products.update_api(actor, id, request.param("api_id"), input),
                              api_detail_json);
             }));
}

void add_api_document_routes(Router& router, ApiTokenService& tokens, ProductService& products) {
  const std::string path = "/portal-api/products/{id}/api-details/{api_id}/oas";
  router.add("GET", path,
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto document,
                                  products.api_document(actor, id, request.param("api_id")));
               // Tyk answers YAML as application/x-yaml.
               const bool json = document.media_type == "application/json";
               return Response::text(200, std::move(document.text),
                                     json ? "application/json" : "application/x-yaml");
             }));
  router.add(
      "POST", path, require_api_token(tokens, [&products](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
        ATRIUM_RESPOND_TRY(request, auto file, uploaded_openapi(request));
        auto stored = products.upload_api_document(actor, id, request.param("api_id"), file.data);
        if (!stored) return failure(request, stored.error());
        return status_ok();
      }));
  router.add(
      "DELETE", path, require_api_token(tokens, [&products](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
        return respond(request, products.remove_api_document(actor, id, request.param("api_id")));
      }));
}

void add_tag_routes(Router& router, ApiTokenService& tokens, ProductService& products) {
  router.add("GET", "/portal-api/products/{id}/tags",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond_all(request, products.tags(actor, id), tag_json);
             }));
  router.add("POST", "/portal-api/products/{id}/tags",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto name, read_tag_name(request));
               return respond(request, products.add_tag(actor, id, name), tag_json, 201);
             }));
  router.add("GET", "/portal-api/products/{id}/tags/{tag_name}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, products.get_tag(actor, id, request.param("tag_name")),
                              tag_json);
             }));
  router.add("DELETE", "/portal-api/products/{id}/tags/{tag_name}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, products.remove_tag(actor, id, request.param("tag_name")));
             }));
}

void add_provider_routes(Router& router, ApiTokenService& tokens, ProductService& products) {
  router.add("GET", "/portal-api/providers",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               return respond_all(request, products.providers(actor), provider_index_json);
             }));
  router.add("GET", "/portal-api/providers/{id}",
             require_api_token(tokens, [&products](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "provider"));
               return respond(request, products.provider(actor, id), provider_show_json);
             }));
}

}  // namespace

void add_product_routes(Router& router, ApiTokenService& tokens, ProductService& products,
                        ResponseCache& lists) {
  add_product_record_routes(router, tokens, products, lists);
  add_api_detail_routes(router, tokens, products);
  add_api_document_routes(router, tokens, products);
  add_tag_routes(router, tokens, products);
  add_provider_routes(router, tokens, products);
}

}  // namespace atrium::http
