#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/plan.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// One API as an owner gives it; APIID identifies it within the product (made up when absent).
struct ProductApiInput {
  std::optional<std::string> api_id;
  std::optional<std::string> name;
  std::optional<std::string> api_type;
  std::optional<std::string> description;
  std::optional<std::string> listen_path;
  std::optional<std::string> target_url;
  std::optional<bool> status;
  std::optional<std::string> oas_url;
};

// A specification to create (SpecAlias required) or change (absent fields stay).
struct SpecDetailInput {
  std::optional<std::string> spec_alias;
  std::optional<std::string> name;
  std::optional<std::string> oas_url;
};

// A product to create (Name required) or change (absent fields stay).
struct ProductInput {
  std::optional<std::string> name;
  std::optional<std::string> display_name;
  std::optional<std::string> description;
  std::optional<std::string> content;
  std::optional<std::string> path;
  std::optional<std::string> reference_id;
  std::optional<std::string> auth_type;
  std::optional<std::vector<std::string>> auth_types;
  std::optional<std::string> scopes;
  std::optional<bool> feature;
  std::optional<bool> dcr_enabled;
  std::optional<bool> is_documentation_only;
  std::optional<long long> provider_id;
  std::optional<std::vector<CatalogueId>> catalogues;
  std::optional<std::vector<TagId>> tags;
  // Given: the product's tags become these, by name (a new name makes the tag; the Admin
  // Portal's form). Checked as display names, on the field Tags.
  std::optional<std::vector<std::string>> tag_names;
  std::optional<std::vector<ProductApiInput>> apis;
  std::optional<std::vector<SpecDetailInput>> specs;  // given: replace the specifications
};

// What a product's page shows a viewer: the product with the catalogues they see, its published
// docs in order, the plans of those catalogues, and the stored OpenAPI document of each API (one
// entry per record.apis, in order; empty for an API without one) and of each specification (one
// per record.specs).
struct ProductPage {
  ProductRecord record;
  std::vector<ProductDoc> docs;
  std::vector<Plan> plans;
  std::vector<std::optional<ApiDocument>> api_documents;
  std::vector<std::optional<ApiDocument>> spec_documents;
};

// What the catalogue page offers to filter by: the catalogues and tags the viewer sees.
struct CatalogueFilters {
  std::vector<Catalogue> catalogues;
  std::vector<Tag> tags;
};

// API products with their APIs and tags (API Owners), DESIGN §9; each change audited.
class ProductService {
 public:
  ProductService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Result<PageOf<ProductRecord>> list(const Actor& actor, const PageRequest& page);
  // Every product passing `filter`, in catalogues or none, ordered by display name (the Admin
  // Portal's list).
  Result<PageOf<ProductCard>> search(const Actor& actor, const ProductFilter& filter,
                                     const PageRequest& page);
  Result<ProductRecord> create(const Actor& actor, const ProductInput& input);
  Result<ProductRecord> get(const Actor& actor, ProductId id);
  Result<ProductRecord> update(const Actor& actor, ProductId id, const ProductInput& input);
  // Deletes it with its APIs, docs and tags and its place in catalogues.
  Status remove(const Actor& actor, ProductId id);

  Result<std::vector<ProductApi>> apis(const Actor& actor, ProductId id);
  Result<ProductApi> get_api(const Actor& actor, ProductId id, std::string_view api_id);
  // Tyk's APIDetail-update: Name, Description, Status, OASUrl.
  Result<ProductApi> update_api(const Actor& actor, ProductId id, std::string_view api_id,
                                const ProductApiInput& input);
  // Every field of one API (the Admin Portal's API form): `api_id` names the one to replace
  // (kNotFound "api.not_found" without it), none appends a new one. The other APIs and every
  // API's OpenAPI document stay. Field errors are named as in `input` (Name, ListenPath, …).
  Result<ProductApi> save_api(const Actor& actor, ProductId id,
                              const std::optional<std::string>& api_id,
                              const ProductApiInput& input);
  // Deletes one API with its documents.
  Status remove_api(const Actor& actor, ProductId id, std::string_view api_id);

  // The OpenAPI document of an API (Tyk's …/api-details/{api_id}/oas): upload checks it is
  // OpenAPI 3 in JSON or YAML (openapi_document.hpp) and keeps it as sent; kNotFound
  // "oas.not_found" when the API has none.
  Result<ApiDocument> upload_api_document(const Actor& actor, ProductId id, std::string_view api_id,
                                          std::string_view text);
  Result<ApiDocument> api_document(const Actor& actor, ProductId id, std::string_view api_id);
  Status remove_api_document(const Actor& actor, ProductId id, std::string_view api_id);

  Result<std::vector<Tag>> tags(const Actor& actor, ProductId id);
  Result<Tag> get_tag(const Actor& actor, ProductId id, std::string_view name);
  Result<Tag> add_tag(const Actor& actor, ProductId id, std::string_view name);
  Status remove_tag(const Actor& actor, ProductId id, std::string_view name);

  Result<std::vector<Provider>> providers(const Actor& actor);
  Result<Provider> provider(const Actor& actor, ProviderId id);

  // What a visitor (null), consumer or owner sees: the products of visible catalogues.
  Result<PageOf<ProductCard>> visible(const Actor* actor, const ProductFilter& filter,
                                      const PageRequest& page);
  Result<CatalogueFilters> filters(const Actor* actor);
  // One visible product by its Path; kNotFound when the viewer may not see it.
  Result<ProductPage> page(const Actor* actor, std::string_view path);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
