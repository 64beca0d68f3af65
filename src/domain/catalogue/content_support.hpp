#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/field_errors.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/catalogue.hpp"
#include "domain/catalogue/plan.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/policy/catalogue_policy.hpp"
#include "domain/storage.hpp"

// What the catalogue, product and plan services share.
namespace atrium {

Error catalogue_not_found();
Error product_not_found();
Error plan_not_found();

// Rows read for a change (locked on PostgreSQL in a write); kNotFound when absent.
Result<Catalogue> load_catalogue(Transaction& tx, CatalogueId id);
Result<Product> load_product(Transaction& tx, ProductId id);
Result<Plan> load_plan(Transaction& tx, PlanId id);
// An API of a product by its APIID (or its row's number); kNotFound "api.not_found", or
// "product.not_found" without the product (which is read, and so locked, first).
Result<ProductApi> load_api(Transaction& tx, ProductId id, std::string_view api_id);

// Adds a field error naming `field` for every id with no catalogue / product / plan, so that a
// request naming a missing one changes nothing and says which.
Status check_catalogues_exist(Transaction& tx, const std::vector<CatalogueId>& ids,
                              std::string_view field, FieldErrors& errors);
Status check_products_exist(Transaction& tx, const std::vector<ProductId>& ids,
                            std::string_view field, FieldErrors& errors);
Status check_plans_exist(Transaction& tx, const std::vector<PlanId>& ids, std::string_view field,
                         FieldErrors& errors);

// Adds a field error on ProviderID when `provider` is given and no provider has it.
Status check_provider_exists(Transaction& tx, const std::optional<ProviderId>& provider,
                             FieldErrors& errors);

// The one looking, as the catalogue policy sees them (a consumer's teams read now); no actor is
// an anonymous visitor.
Result<policy::Viewer> viewer_of(Transaction& tx, const Actor* actor);

// kNotFound unless the viewer sees one of `catalogues` (owners see everything).
Status require_visible(Transaction& tx, const policy::Viewer& viewer,
                       const std::vector<Catalogue>& catalogues, const Error& hidden);

}  // namespace atrium
