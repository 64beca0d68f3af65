#include "http/api/spec_detail_routes.hpp"

#include <string>
#include <utility>

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/conditional_get.hpp"
#include "http/dispatcher.hpp"
#include "http/json/catalogue_input.hpp"
#include "http/json/product_json.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

constexpr const char* kSpecs = "/portal-api/products/{id}/spec-details";

// Tyk's ?dry_run=true of the GraphQL uploads: check only.
Result<bool> dry_run(const Request& request) {
  QueryReader query(request);
  const bool value = query.boolean("dry_run").value_or(false);
  ATRIUM_TRY(query.finish());
  return value;
}

// A stored document as Tyk answers it: JSON as application/json, GraphQL SDL as
// application/graphql, YAML as application/x-yaml.
Response document_response(ApiDocument document) {
  std::string type = document.media_type;
  if (type == "application/yaml") type = "application/x-yaml";
  return Response::text(200, std::move(document.text), type);
}

void add_spec_record_routes(Router& router, ApiTokenService& tokens, SpecDetailService& specs) {
  const std::string one = std::string(kSpecs) + "/{spec_id}";
  router.add("GET", kSpecs,
             require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond_all(request, specs.list(actor, id), spec_detail_json);
             }));
  router.add("POST", kSpecs,
             require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto input, read_spec_input(request));
               return respond(request, specs.create(actor, id, input), spec_detail_json, 201);
             }));
  router.add("GET", one, require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto spec, id_param(request, "spec", "spec_id"));
               return respond(request, specs.get(actor, id, spec), spec_detail_json);
             }));
  router.add("PUT", one, require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto spec, id_param(request, "spec", "spec_id"));
               ATRIUM_RESPOND_TRY(request, auto input, read_spec_input(request));
               return respond(request, specs.update(actor, id, spec, input), spec_detail_json);
             }));
  router.add("DELETE", one,
             require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto spec, id_param(request, "spec", "spec_id"));
               return respond(request, specs.remove(actor, id, spec));
             }));
}

// GET, upload (POST for the OpenAPI document, PUT for the GraphQL schema, as Tyk) and DELETE of
// a specification's document of `kind`.
void add_spec_document_routes(Router& router, ApiTokenService& tokens, SpecDetailService& specs,
                              DocumentKind kind) {
  const bool oas = kind == DocumentKind::kOpenApi;
  const std::string path = std::string(kSpecs) + "/{spec_id}" + (oas ? "/oas" : "/graphql/schema");
  router.add("GET", path,
             require_api_token(tokens, [&specs, kind](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto spec, id_param(request, "spec", "spec_id"));
               ATRIUM_RESPOND_TRY(request, auto document, specs.document(actor, id, spec, kind));
               return document_response(std::move(document));
             }));
  router.add(oas ? "POST" : "PUT", path,
             require_api_token(tokens, [&specs, kind, oas](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto spec, id_param(request, "spec", "spec_id"));
               ATRIUM_RESPOND_TRY(request, auto check_only,
                                  oas ? Result<bool>(false) : dry_run(request));
               ATRIUM_RESPOND_TRY(request, auto file,
                                  oas ? uploaded_openapi(request) : uploaded_graphql(request));
               auto stored = specs.upload_document(actor, id, spec, kind, file.data, check_only);
               if (!stored) return failure(request, stored.error());
               return status_ok();
             }));
  router.add("DELETE", path,
             require_api_token(tokens, [&specs, oas](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto spec, id_param(request, "spec", "spec_id"));
               return respond(request, oas ? specs.remove_document(actor, id, spec)
                                           : specs.remove_graphql_spec(actor, id, spec));
             }));
}

// The SpecAlias of a schema uploaded to the product: its file name without the extension, else
// "graphql".
std::string alias_of(const UploadedFile& file) {
  std::string name = file.filename.value_or("");
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.erase(dot);
  return name.empty() ? "graphql" : name;
}

void add_graphql_routes(Router& router, ApiTokenService& tokens, SpecDetailService& specs) {
  router.add("POST", std::string(kSpecs) + "/graphql/schema",
             require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto check_only, dry_run(request));
               ATRIUM_RESPOND_TRY(request, auto file, uploaded_graphql(request));
               return respond(
                   request,
                   specs.upload_product_schema(actor, id, alias_of(file), file.data, check_only),
                   spec_detail_json);
             }));
  const std::string path = "/portal-api/products/{id}/api-details/{api_id}/graphql/schema";
  router.add("GET", path, require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto schema,
                                  specs.api_schema(actor, id, request.param("api_id")));
               return document_response(std::move(schema));
             }));
  router.add("POST", path,
             require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto check_only, dry_run(request));
               ATRIUM_RESPOND_TRY(request, auto file, uploaded_graphql(request));
               return respond(request, specs.upload_api_schema(actor, id, request.param("api_id"),
                                                               file.data, check_only));
             }));
  router.add("DELETE", path,
             require_api_token(tokens, [&specs](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, specs.remove_api_schema(actor, id, request.param("api_id")));
             }));
}

void add_image_routes(Router& router, ApiTokenService& tokens, ProductImageService& images,
                      ProductImageKind kind) {
  const std::string path = "/portal-api/products/{id}/" + std::string(to_string(kind));
  router.add("POST", path,
             require_api_token(tokens, [&images, kind](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               // Any Content-Type: the image's magic bytes decide what it is.
               ATRIUM_RESPOND_TRY(request, auto file, uploaded_file(request, {}, ""));
               return respond(request, images.upload(actor, id, kind, file.data));
             }));
  router.add("GET", path,
             require_api_token(tokens, [&images, kind](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               ATRIUM_RESPOND_TRY(request, auto image, images.get(actor, id, kind));
               return tagged_response(request, std::move(image.bytes), image.media_type, image.etag,
                                      "private, no-cache");
             }));
  router.add("DELETE", path,
             require_api_token(tokens, [&images, kind](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "product"));
               return respond(request, images.remove(actor, id, kind));
             }));
}

}  // namespace

void add_spec_detail_routes(Router& router, ApiTokenService& tokens, SpecDetailService& specs,
                            ProductImageService& images) {
  add_spec_record_routes(router, tokens, specs);
  add_spec_document_routes(router, tokens, specs, DocumentKind::kOpenApi);
  add_spec_document_routes(router, tokens, specs, DocumentKind::kGraphql);
  add_graphql_routes(router, tokens, specs);
  add_image_routes(router, tokens, images, ProductImageKind::kLogo);
  add_image_routes(router, tokens, images, ProductImageKind::kPreview);
}

}  // namespace atrium::http
