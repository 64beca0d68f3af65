#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/storage.hpp"

namespace atrium {

// What documents a product's APIs beside their OpenAPI documents (API Owners; Tyk's "API
// documentation for API Products"): the specifications of documentation-only products (Tyk's
// SpecDetails) with their OpenAPI document or GraphQL schema, and the GraphQL schemas of product
// APIs. Uploads are checked (openapi_document.hpp, upload_checks.hpp) and kept as sent; with
// `dry_run` a GraphQL upload is only checked. Each change audited.
// A specification's fields: the input merged into `current` (a change) or checked alone (a new
// one: SpecAlias required, Name defaulting to it). Field errors are named `prefix` + the field
// ("SpecDetails.SpecAlias" in a product body).
Result<SpecDetailFields> checked_spec_fields(const SpecDetailInput& input,
                                             const SpecDetailFields* current,
                                             std::string_view prefix = "");

// Makes the product's specifications those of `inputs` (matched by SpecAlias: kept ones are
// changed, new ones made, the others deleted), inside the caller's write transaction; the product
// must be documentation-only unless `inputs` is empty (400 on SpecDetails).
Status replace_specs(Transaction& tx, const Product& product,
                     const std::vector<SpecDetailInput>& inputs, Random& random, TimePoint now);

class SpecDetailService {
 public:
  SpecDetailService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Result<std::vector<SpecDetail>> list(const Actor& actor, ProductId product);
  // Only on documentation-only products (400 on IsDocumentationOnly otherwise).
  Result<SpecDetail> create(const Actor& actor, ProductId product, const SpecDetailInput& input);
  Result<SpecDetail> get(const Actor& actor, ProductId product, SpecId spec);
  Result<SpecDetail> update(const Actor& actor, ProductId product, SpecId spec,
                            const SpecDetailInput& input);
  Status remove(const Actor& actor, ProductId product, SpecId spec);

  // A specification's document of `kind`; kNotFound "oas.not_found" / "graphql.not_found" when
  // it has none.
  Result<ApiDocument> document(const Actor& actor, ProductId product, SpecId spec,
                               DocumentKind kind);
  Result<ApiDocument> upload_document(const Actor& actor, ProductId product, SpecId spec,
                                      DocumentKind kind, std::string_view text, bool dry_run);
  Status remove_document(const Actor& actor, ProductId product, SpecId spec);
  // Tyk's DELETE …/spec-details/{id}/graphql/schema: the specification goes with its schema.
  Status remove_graphql_spec(const Actor& actor, ProductId product, SpecId spec);

  // Tyk's POST …/spec-details/graphql/schema: the schema becomes the product's latest, kept in
  // the specification whose SpecAlias `alias` names (made when there is none). Only on
  // documentation-only products.
  Result<SpecDetail> upload_product_schema(const Actor& actor, ProductId product,
                                           std::string_view alias, std::string_view text,
                                           bool dry_run);

  // The GraphQL schema of a product API (by APIID); kNotFound "graphql.not_found" without one.
  Result<ApiDocument> api_schema(const Actor& actor, ProductId product, std::string_view api_id);
  Status upload_api_schema(const Actor& actor, ProductId product, std::string_view api_id,
                           std::string_view text, bool dry_run);
  Status remove_api_schema(const Actor& actor, ProductId product, std::string_view api_id);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
