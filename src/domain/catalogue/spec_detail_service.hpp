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
#include "domain/storage.hpp"

namespace atrium {

// A specification to create (SpecAlias required) or change (absent fields stay).
struct SpecDetailInput {
  std::optional<std::string> spec_alias;
  std::optional<std::string> name;
  std::optional<std::string> oas_url;
};

// What documents a product's APIs beside their OpenAPI documents (API Owners; Tyk's "API
// documentation for API Products"): the specifications of documentation-only products (Tyk's
// SpecDetails) with their OpenAPI document or GraphQL schema, and the GraphQL schemas of product
// APIs. Uploads are checked (openapi_document.hpp, upload_checks.hpp) and kept as sent; with
// `dry_run` a GraphQL upload is only checked. Each change audited.
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
