#pragma once

#include "app/modules/directory_module.hpp"
#include "app/modules/routes.hpp"
#include "app/platform.hpp"
#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan_service.hpp"
#include "domain/catalogue/product_doc_service.hpp"
#include "domain/catalogue/product_image_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/catalogue/spec_detail_service.hpp"

namespace atrium::app {

// Catalogues, API products and plans (DESIGN §9): the admin API and the Live Portal's catalogue,
// whose answers come from the response cache while content and directory are unchanged.
struct CatalogueModule {
  // `directory`: the organisations a catalogue's audience form offers.
  CatalogueModule(Platform& platform, DirectoryModule& directory);
  void add_routes(const Routes& routes);

  http::ResponseCache& lists;
  OrganisationService& organisations;
  CatalogueService catalogues;
  ProductService products;
  PlanService plans;
  ProductDocService docs;
  SpecDetailService specs;
  ProductImageService images;
};

}  // namespace atrium::app
