#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/paging.hpp"
#include "domain/policy/catalogue_policy.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct NewProduct {
  std::string cid;
  ProviderId provider_id = 0;
  ProductFields fields;
};

// Which visible products a list shows.
struct ProductFilter {
  std::optional<CatalogueId> catalogue_id;
  std::optional<std::string> tag;          // a tag name, case-insensitive
  std::optional<std::string> search;       // a case-insensitive substring of name or display name
  std::optional<bool> documentation_only;  // IsDocumentationOnly is this
};

// A product in a list of visible products, with the catalogues (visible to that viewer) and
// tags it is listed with, and which images it has.
struct ProductCard {
  Product product;
  std::vector<Catalogue> catalogues;
  std::vector<Tag> tags;
  std::vector<ProductImageKind> images;  // the images it has, logo first
};

class ProductRepository : public Repository {
 public:
  ~ProductRepository() override = default;
  // kConflict "product.name_taken" or "product.path_taken".
  virtual Result<Product> create(const NewProduct& product, TimePoint now) = 0;
  virtual Result<std::optional<Product>> find(ProductId id) = 0;
  virtual Result<std::optional<Product>> find_by_path(std::string_view path) = 0;
  // Ordered by id.
  virtual Result<PageOf<Product>> list(const PageRequest& page) = 0;
  // kNotFound "product.not_found"; the same conflicts as create.
  virtual Result<Product> update(ProductId id, const ProductFields& fields, TimePoint now) = 0;
  // Deletes it with its APIs, docs, tags and catalogue links; false when there was none.
  virtual Result<bool> remove(ProductId id) = 0;

  // The products in catalogues the scope shows that pass the filter, ordered by display name
  // (ASCII case-insensitive) then id; `total` counts them all.
  virtual Result<PageOf<ProductCard>> list_visible(const policy::CatalogueScope& scope,
                                                   const ProductFilter& filter,
                                                   const PageRequest& page) = 0;

  // Every product that passes the filter (in catalogues or none; the cards name all their
  // catalogues), in list_visible's order: the Admin Portal's product list.
  virtual Result<PageOf<ProductCard>> list_all(const ProductFilter& filter,
                                               const PageRequest& page) = 0;

  // Catalogue links, ordered by catalogue id. set_catalogues replaces them (a missing catalogue
  // is a foreign-key conflict).
  virtual Result<std::vector<Catalogue>> catalogues(ProductId product) = 0;
  virtual Status set_catalogues(ProductId product, const std::vector<CatalogueId>& ids) = 0;
  // Names of the products in a catalogue, ordered by id.
  virtual Result<std::vector<std::string>> names_in_catalogue(CatalogueId catalogue) = 0;
  virtual Status set_products_of_catalogue(CatalogueId catalogue,
                                           const std::vector<ProductId>& ids) = 0;

  // APIs in their order; replace_apis sets them all, update_api changes one (by its APIID).
  virtual Result<std::vector<ProductApi>> apis(ProductId product) = 0;
  virtual Status replace_apis(ProductId product, const std::vector<ProductApi>& apis) = 0;
  virtual Result<bool> update_api(ProductId product, const ProductApi& api) = 0;

  // The uploaded document of `kind` of one API (by APIID): its OpenAPI document or its GraphQL
  // schema; set replaces it. replace_apis deletes the documents of the APIs it drops.
  virtual Result<std::optional<ApiDocument>> api_document(ProductId product,
                                                          std::string_view api_id,
                                                          DocumentKind kind) = 0;
  virtual Status set_api_document(ProductId product, std::string_view api_id, DocumentKind kind,
                                  const ApiDocument& document) = 0;
  virtual Result<bool> remove_api_document(ProductId product, std::string_view api_id,
                                           DocumentKind kind) = 0;

  // Tags, ordered by name key. add_tag creates the tag when no tag has that name
  // (case-insensitive) and is a no-op when the product has it; set_tags replaces them by id.
  virtual Result<std::vector<Tag>> tags(ProductId product) = 0;
  virtual Result<Tag> add_tag(ProductId product, std::string_view name) = 0;
  virtual Result<bool> remove_tag(ProductId product, std::string_view name) = 0;
  virtual Status set_tags(ProductId product, const std::vector<TagId>& ids) = 0;
  // Every tag, ordered by name key.
  virtual Result<std::vector<Tag>> all_tags() = 0;
  // The tags of products the scope shows, ordered by name key (the catalogue's tag filter).
  virtual Result<std::vector<Tag>> visible_tags(const policy::CatalogueScope& scope) = 0;
};

class ProductDocRepository : public Repository {
 public:
  ~ProductDocRepository() override = default;
  // Ordered by position, then id.
  virtual Result<std::vector<ProductDoc>> list(ProductId product) = 0;
  virtual Result<std::optional<ProductDoc>> find(ProductId product, ProductDocId doc) = 0;
  // Appended after the product's last page. kConflict "doc.path_taken" for a path the product
  // has (also on update).
  virtual Result<ProductDoc> create(ProductId product, const ProductDocFields& fields,
                                    TimePoint now) = 0;
  virtual Result<ProductDoc> update(ProductId product, ProductDocId doc,
                                    const ProductDocFields& fields, TimePoint now) = 0;
  virtual Result<bool> remove(ProductId product, ProductDocId doc) = 0;
  // Gives the pages the positions of `order` (every page of the product, each once: the service
  // checks that).
  virtual Status reorder(ProductId product, const std::vector<ProductDocId>& order) = 0;
};

class ProviderRepository : public Repository {
 public:
  ~ProviderRepository() override = default;
  virtual Result<std::vector<Provider>> list() = 0;
  virtual Result<std::optional<Provider>> find(ProviderId id) = 0;
  // The provider Atrium itself is (created by the catalogue migration).
  virtual Result<Provider> built_in() = 0;
};

}  // namespace atrium
