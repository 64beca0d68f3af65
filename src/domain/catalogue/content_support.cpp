#include "domain/catalogue/content_support.hpp"

#include <string>

#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium {

Error catalogue_not_found() { return not_found("catalogue.not_found", "catalogue not found"); }
Error product_not_found() { return not_found("product.not_found", "product not found"); }
Error plan_not_found() { return not_found("plan.not_found", "plan not found"); }

Result<Catalogue> load_catalogue(Transaction& tx, CatalogueId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<CatalogueRepository>().find(id));
  if (!found) return fail(catalogue_not_found());
  return std::move(*found);
}

Result<Product> load_product(Transaction& tx, ProductId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProductRepository>().find(id));
  if (!found) return fail(product_not_found());
  return std::move(*found);
}

Result<Plan> load_plan(Transaction& tx, PlanId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<PlanRepository>().find(id));
  if (!found) return fail(plan_not_found());
  return std::move(*found);
}

Result<ProductApi> load_api(Transaction& tx, ProductId id, std::string_view api_id) {
  ATRIUM_TRY(load_product(tx, id));
  ATRIUM_ASSIGN_OR_RETURN(auto apis, tx.get<ProductRepository>().apis(id));
  for (ProductApi& api : apis) {
    if (api.api_id == api_id || std::to_string(api.id) == api_id) return std::move(api);
  }
  return fail(not_found("api.not_found", "the product has no such API"));
}

namespace {

template <typename Find>
Status check_exist(const std::vector<long long>& ids, std::string_view field, const char* what,
                   FieldErrors& errors, Find&& find) {
  for (long long id : ids) {
    ATRIUM_ASSIGN_OR_RETURN(auto found, find(id));
    if (!found)
      errors.add(std::string(field), std::string("no ") + what + " has ID " + std::to_string(id));
  }
  return ok();
}

}  // namespace

Status check_catalogues_exist(Transaction& tx, const std::vector<CatalogueId>& ids,
                              std::string_view field, FieldErrors& errors) {
  return check_exist(ids, field, "catalogue", errors,
                     [&](long long id) { return tx.get<CatalogueRepository>().find(id); });
}

Status check_products_exist(Transaction& tx, const std::vector<ProductId>& ids,
                            std::string_view field, FieldErrors& errors) {
  return check_exist(ids, field, "product", errors,
                     [&](long long id) { return tx.get<ProductRepository>().find(id); });
}

Status check_plans_exist(Transaction& tx, const std::vector<PlanId>& ids, std::string_view field,
                         FieldErrors& errors) {
  return check_exist(ids, field, "plan", errors,
                     [&](long long id) { return tx.get<PlanRepository>().find(id); });
}

Status check_provider_exists(Transaction& tx, const std::optional<ProviderId>& provider,
                             FieldErrors& errors) {
  if (!provider) return ok();
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProviderRepository>().find(*provider));
  if (!found) errors.add("ProviderID", "no provider has ID " + std::to_string(*provider));
  return ok();
}

Result<policy::Viewer> viewer_of(Transaction& tx, const Actor* actor) {
  if (actor == nullptr) return policy::Viewer::anonymous();
  if (is_api_owner(actor->role)) return policy::Viewer::api_owner();
  if (!actor->organisation_id) return policy::Viewer::anonymous();
  ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(actor->user_id));
  return policy::Viewer::consumer(*actor->organisation_id, team_ids(teams));
}

Status require_visible(Transaction& tx, const policy::Viewer& viewer,
                       const std::vector<Catalogue>& catalogues, const Error& hidden) {
  if (viewer.owner) return ok();
  std::vector<CatalogueId> ids;
  ids.reserve(catalogues.size());
  for (const Catalogue& c : catalogues) ids.push_back(c.id);
  ATRIUM_ASSIGN_OR_RETURN(auto facts, tx.get<CatalogueRepository>().facts(ids));
  if (!policy::can_see_content(viewer, facts)) return fail(hidden);
  return ok();
}

}  // namespace atrium
