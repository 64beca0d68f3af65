#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/catalogue/product_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// /portal-api/products[/{id}[/api-details[/{api_id}] | /tags[/{tag_name}]]] and
// /portal-api/providers[/{id}].
void add_product_routes(Router& router, ApiTokenService& tokens, ProductService& products);

}  // namespace atrium::http
