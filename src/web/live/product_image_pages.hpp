#pragma once

#include "domain/catalogue/product_image_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET /system/products/{id}/logo and /system/products/{id}/preview: a product's images as the
// Live Portal shows them, only to a viewer who may see the product (else 404, as for a missing
// one), with the Content-Type read from the image's magic bytes, an ETag (304 on a matching
// If-None-Match) and nosniff.
void add_product_image_pages(http::Router& router, const AuthPages& pages,
                             ProductImageService& images);

}  // namespace atrium::web
