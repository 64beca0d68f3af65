#pragma once

#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/storage.hpp"

namespace atrium {

// A product's logo and preview images (Tyk's …/logo and …/preview). An upload is a PNG, JPEG,
// GIF or WebP image of at most 1 MiB, recognised by its magic bytes (upload_checks.hpp), kept in
// the database with a new random ETag; each change audited.
class ProductImageService {
 public:
  ProductImageService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Status upload(const Actor& actor, ProductId product, ProductImageKind kind,
                std::string_view bytes);
  // kNotFound "image.not_found" when the product has none of that kind.
  Result<ProductImage> get(const Actor& actor, ProductId product, ProductImageKind kind);
  Status remove(const Actor& actor, ProductId product, ProductImageKind kind);

  // The image as the Live Portal shows it to a visitor (null), consumer or owner: only of a
  // product they may see, else kNotFound "product.not_found" as for a missing product.
  Result<ProductImage> visible(const Actor* viewer, ProductId product, ProductImageKind kind);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
