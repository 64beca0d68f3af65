#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/catalogue/product_image_service.hpp"
#include "domain/catalogue/spec_detail_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// Tyk's operations on what documents a product beside its APIs' OpenAPI documents:
//   /portal-api/products/{id}/spec-details[/{spec_id}[/oas | /graphql/schema]]
//   /portal-api/products/{id}/spec-details/graphql/schema          (POST)
//   /portal-api/products/{id}/api-details/{api_id}/graphql/schema
//   /portal-api/products/{id}/logo and …/preview                   (POST, GET, DELETE)
void add_spec_detail_routes(Router& router, ApiTokenService& tokens, SpecDetailService& specs,
                            ProductImageService& images);

}  // namespace atrium::http
