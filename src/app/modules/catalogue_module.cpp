#include "app/modules/catalogue_module.hpp"

#include "http/api/catalogue_routes.hpp"
#include "http/api/product_doc_routes.hpp"
#include "http/api/product_routes.hpp"
#include "http/api/spec_detail_routes.hpp"
#include "web/admin/catalogue_admin_pages.hpp"
#include "web/admin/product_admin_pages.hpp"
#include "web/live/catalogue_pages.hpp"
#include "web/live/product_image_pages.hpp"

namespace atrium::app {

CatalogueModule::CatalogueModule(Platform& platform, DirectoryModule& directory)
    : lists(platform.list_cache),
      organisations(directory.organisations),
      catalogues(*platform.database, platform.random, platform.clock),
      products(*platform.database, platform.random, platform.clock),
      plans(*platform.database, platform.random, platform.clock),
      docs(*platform.database, platform.clock),
      specs(*platform.database, platform.random, platform.clock),
      images(*platform.database, platform.random, platform.clock) {}

void CatalogueModule::add_routes(const Routes& routes) {
  http::add_catalogue_routes(routes.router, routes.tokens, catalogues);
  http::add_plan_routes(routes.router, routes.tokens, plans);
  http::add_product_routes(routes.router, routes.tokens, products, lists);
  http::add_product_doc_routes(routes.router, routes.tokens, docs);
  http::add_spec_detail_routes(routes.router, routes.tokens, specs, images);
  web::add_catalogue_pages(routes.router, routes.pages, products, lists);
  web::add_product_image_pages(routes.router, routes.pages, images);
  web::add_catalogue_admin_pages(routes.router, routes.pages, catalogues, organisations);
  web::add_plan_admin_pages(routes.router, routes.pages, plans, catalogues);
  web::add_product_admin_pages(routes.router, routes.pages, products, catalogues, docs);
  web::add_product_api_admin_pages(routes.router, routes.pages, products);
  web::add_product_doc_admin_pages(routes.router, routes.pages, products, docs);
  web::add_product_image_admin_pages(routes.router, routes.pages, products, images);
  web::add_product_spec_admin_pages(routes.router, routes.pages, products, specs);
}

}  // namespace atrium::app
