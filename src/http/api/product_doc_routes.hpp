#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/catalogue/product_doc_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// /portal-api/products/{id}/docs[/{doc_id} | /reorder].
void add_product_doc_routes(Router& router, ApiTokenService& tokens, ProductDocService& docs);

}  // namespace atrium::http
