#pragma once

#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/product_doc_service.hpp"
#include "domain/catalogue/product_image_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/catalogue/spec_detail_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// /admin/products (API Owners; DESIGN §9, §12): the products with search, filters (catalogue,
// tag, documentation only) and paging; a create form; each product's page with its fields
// (field errors beside them, a summary naming each), its APIs, documentation pages and images,
// and delete after a confirmation step. Every change goes through ProductService, so it is
// audited.
void add_product_admin_pages(http::Router& router, const AuthPages& pages, ProductService& products,
                             CatalogueService& catalogues, ProductDocService& docs);

// /admin/products/{id}/apis/…: add, edit (Name, APIType, Description, ListenPath, TargetURL,
// Status) and delete (after confirming) one API of a product; …/apis/{n}/openapi: upload (the
// validation's refusal beside the file field), download and remove (after confirming) its
// OpenAPI document.
void add_product_api_admin_pages(http::Router& router, const AuthPages& pages,
                                 ProductService& products);

// /admin/products/{id}/docs/…: the docs editor: the documentation pages in order (move up or
// down), new page, edit with a preview of the saved page rendered as readers see it, delete
// after confirming. Through ProductDocService.
void add_product_doc_admin_pages(http::Router& router, const AuthPages& pages,
                                 ProductService& products, ProductDocService& docs);

// /admin/products/{id}/specs/…: the specifications of a documentation-only product (SpecAlias,
// Name, OASUrl), each with its OpenAPI document (upload, download, remove). Through
// SpecDetailService.
void add_product_spec_admin_pages(http::Router& router, const AuthPages& pages,
                                  ProductService& products, SpecDetailService& specs);

// /admin/products/{id}/images/{logo,preview}: the image, an upload form (a refusal beside the
// file field), remove after confirming. Through ProductImageService.
void add_product_image_admin_pages(http::Router& router, const AuthPages& pages,
                                   ProductService& products, ProductImageService& images);

}  // namespace atrium::web
