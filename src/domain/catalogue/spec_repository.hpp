#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/storage.hpp"

// Storage of what documents a product beside its APIs (migration 0012): the specifications of
// documentation-only products with their documents, and the products' images.
namespace atrium {

class SpecDetailRepository : public Repository {
 public:
  ~SpecDetailRepository() override = default;
  // The product's specifications, ordered by id.
  virtual Result<std::vector<SpecDetail>> list(ProductId product) = 0;
  // Locked for the rest of a write transaction on PostgreSQL.
  virtual Result<std::optional<SpecDetail>> find(ProductId product, SpecId spec) = 0;
  // kConflict "spec.alias_taken" (field SpecAlias) for an alias the product has (also on update).
  virtual Result<SpecDetail> create(ProductId product, const std::string& cid,
                                    const SpecDetailFields& fields, TimePoint now) = 0;
  // kNotFound "spec.not_found".
  virtual Result<SpecDetail> update(ProductId product, SpecId spec, const SpecDetailFields& fields,
                                    TimePoint now) = 0;
  // Deletes it with its documents; false when there was none.
  virtual Result<bool> remove(ProductId product, SpecId spec) = 0;

  // A specification's uploaded document of `kind`; set replaces it.
  virtual Result<std::optional<ApiDocument>> document(SpecId spec, DocumentKind kind) = 0;
  virtual Status set_document(SpecId spec, DocumentKind kind, const ApiDocument& document) = 0;
  virtual Result<bool> remove_document(SpecId spec, DocumentKind kind) = 0;
};

class ProductImageRepository : public Repository {
 public:
  ~ProductImageRepository() override = default;
  virtual Result<std::optional<ProductImage>> find(ProductId product, ProductImageKind kind) = 0;
  // The kinds the product has, logo first.
  virtual Result<std::vector<ProductImageKind>> kinds(ProductId product) = 0;
  // Replaces the product's image of that kind.
  virtual Status set(ProductId product, ProductImageKind kind, const ProductImage& image) = 0;
  virtual Result<bool> remove(ProductId product, ProductImageKind kind) = 0;
};

}  // namespace atrium
