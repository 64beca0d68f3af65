#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/catalogue/product_service.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"

namespace atrium::http {

// /portal-api/products[/{id}[/api-details[/{api_id}] | /tags[/{tag_name}]]] and
// /portal-api/providers[/{id}]. The product list comes from `lists` while
// ProductService::catalogue_version is unchanged.
void add_product_routes(Router& router, ApiTokenService& tokens, ProductService& products,
                        ResponseCache& lists);

}  // namespace atrium::http
