#pragma once

#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/product_doc_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// /admin/products (API Owners; DESIGN §9, §12): the products with search, filters (catalogue,
// tag, documentation only) and paging; a create form; each product's page with its fields
// (field errors beside them, a summary naming each), its APIs and delete after a confirmation
// step. Every change goes through ProductService, so it is audited.
void add_product_admin_pages(http::Router& router, const AuthPages& pages, ProductService& products,
                             CatalogueService& catalogues);

// /admin/products/{id}/apis/…: add, edit (Name, APIType, Description, ListenPath, TargetURL,
// Status) and delete (after confirming) one API of a product.
void add_product_api_admin_pages(http::Router& router, const AuthPages& pages,
                                 ProductService& products);

}  // namespace atrium::web
