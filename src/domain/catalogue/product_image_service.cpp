#include "domain/catalogue/product_image_service.hpp"

#include <string>
#include <utility>

#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/catalogue/spec_repository.hpp"
#include "domain/catalogue/upload_checks.hpp"
#include "domain/directory/directory_support.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

Error image_not_found(ProductImageKind kind) {
  return not_found("image.not_found", "the product has no " + std::string(to_string(kind)));
}

Result<ProductImage> load_image(Transaction& tx, ProductId product, ProductImageKind kind) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProductImageRepository>().find(product, kind));
  if (!found) return fail(image_not_found(kind));
  return std::move(*found);
}

}  // namespace

Status ProductImageService::upload(const Actor& actor, ProductId product, ProductImageKind kind,
                                   std::string_view bytes) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  ATRIUM_ASSIGN_OR_RETURN(auto media_type, image_media_type(bytes));
  const TimePoint now = clock_.now();
  ProductImage image{std::move(media_type), std::string(bytes),
                     "\"" + random_hex(random_, 16) + "\"", now};
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(load_product(tx, product));
    ATRIUM_TRY(tx.get<ProductImageRepository>().set(product, kind, image));
    return record_audit(tx, actor, now, "product.image_upload", "product", std::to_string(product),
                        std::nullopt,
                        {{"Kind", to_string(kind)},
                         {"MediaType", image.media_type},
                         {"Bytes", image.bytes.size()}});
  });
}

Result<ProductImage> ProductImageService::get(const Actor& actor, ProductId product,
                                              ProductImageKind kind) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<ProductImage> {
    ATRIUM_TRY(load_product(tx, product));
    return load_image(tx, product, kind);
  });
}

Status ProductImageService::remove(const Actor& actor, ProductId product, ProductImageKind kind) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(load_product(tx, product));
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<ProductImageRepository>().remove(product, kind));
    if (!removed) return fail(image_not_found(kind));
    return record_audit(tx, actor, now, "product.image_delete", "product", std::to_string(product),
                        std::nullopt, {{"Kind", to_string(kind)}});
  });
}

Result<ProductImage> ProductImageService::visible(const Actor* viewer, ProductId product,
                                                  ProductImageKind kind) {
  return db_.read_result([&](Transaction& tx) -> Result<ProductImage> {
    ATRIUM_ASSIGN_OR_RETURN(auto who, viewer_of(tx, viewer));
    ATRIUM_TRY(load_product(tx, product));
    ATRIUM_ASSIGN_OR_RETURN(auto catalogues, tx.get<ProductRepository>().catalogues(product));
    ATRIUM_TRY(require_visible(tx, who, catalogues, product_not_found()));
    return load_image(tx, product, kind);
  });
}

}  // namespace atrium
