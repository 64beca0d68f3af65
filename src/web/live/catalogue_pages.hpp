#pragma once

#include "domain/catalogue/product_service.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// The Live Portal's catalogue (DESIGN §5, §9), for anonymous visitors (Public catalogues) and
// signed-in users (their organisation's and teams' catalogues too):
//   GET /portal/catalogue-products?search=&catalogue=&tag=&page=&per_page=   the visible products
//       as cards; with Accept: application/json a JSON array with X-Total-Count;
//   GET /portal/catalogue-products/{path}   one product: description, APIs, published docs
//       (Markdown rendered safely), plans with their limits; JSON with Accept: application/json.
// A product the viewer may not see is 404, exactly as one that does not exist. JSON answers, and
// the HTML list for anonymous visitors, come from `lists` while ProductService::catalogue_version
// is unchanged.
void add_catalogue_pages(http::Router& router, const AuthPages& pages, ProductService& products,
                         http::ResponseCache& lists);

}  // namespace atrium::web
