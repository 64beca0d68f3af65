#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/storage.hpp"

namespace atrium {

// A documentation page to create (Title and Content required) or change (absent fields stay).
struct ProductDocInput {
  std::optional<std::string> title;
  std::optional<std::string> path;
  std::optional<std::string> lede;
  std::optional<std::string> content;
  std::optional<std::string> status;  // published / draft / review
  std::optional<bool> markdown;
};

// A product's documentation pages (API Owners), in the order owners give them; each change
// audited. Consumers read the published pages of products they can see (the Live Portal).
class ProductDocService {
 public:
  ProductDocService(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<ProductDoc>> list(const Actor& actor, ProductId product);
  Result<ProductDoc> get(const Actor& actor, ProductId product, ProductDocId doc);
  Result<ProductDoc> create(const Actor& actor, ProductId product, const ProductDocInput& input);
  Result<ProductDoc> update(const Actor& actor, ProductId product, ProductDocId doc,
                            const ProductDocInput& input);
  Status remove(const Actor& actor, ProductId product, ProductDocId doc);
  // `order` must name every page of the product once.
  Status reorder(const Actor& actor, ProductId product, const std::vector<ProductDocId>& order);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace atrium
