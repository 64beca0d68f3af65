#include "domain/apps/access_offer.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium {

namespace {

Result<policy::Viewer> viewer_for(Transaction& tx, const User& user) {
  if (!user.organisation_id) return policy::Viewer::anonymous();
  ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(user.id));
  return policy::Viewer::consumer(*user.organisation_id, team_ids(teams));
}

std::set<CatalogueId> ids_of(const std::vector<Catalogue>& catalogues) {
  std::set<CatalogueId> ids;
  for (const Catalogue& c : catalogues) ids.insert(c.id);
  return ids;
}

void keep_common(std::set<CatalogueId>& kept, const std::set<CatalogueId>& other) {
  std::erase_if(kept, [&other](CatalogueId id) { return !other.contains(id); });
}

// The catalogues among `candidates` that the viewer sees.
Result<std::set<CatalogueId>> visible_among(Transaction& tx, const policy::Viewer& viewer,
                                            const std::set<CatalogueId>& candidates) {
  std::set<CatalogueId> out;
  for (CatalogueId id : candidates) {
    ATRIUM_ASSIGN_OR_RETURN(auto facts, tx.get<CatalogueRepository>().facts({id}));
    if (!facts.empty() && policy::can_see(viewer, facts.front())) out.insert(id);
  }
  return out;
}

Error offer_error(std::string field, std::string message) {
  return invalid_argument("access_request.invalid", "the access request cannot be made",
                          {{std::move(field), std::move(message)}});
}

}  // namespace

Result<Offer> find_offer(Transaction& tx, const User& requester,
                         const std::vector<ProductId>& products, PlanId plan,
                         std::optional<CatalogueId> catalogue) {
  if (products.empty()) return fail(offer_error("Products", "name at least one product"));
  ATRIUM_ASSIGN_OR_RETURN(auto viewer, viewer_for(tx, requester));
  Offer offer;
  offer.product_ids = products;
  std::sort(offer.product_ids.begin(), offer.product_ids.end());
  offer.product_ids.erase(std::unique(offer.product_ids.begin(), offer.product_ids.end()),
                          offer.product_ids.end());
  std::optional<std::set<CatalogueId>> common;
  for (ProductId id : offer.product_ids) {
    ATRIUM_ASSIGN_OR_RETURN(auto holders, tx.get<ProductRepository>().catalogues(id));
    ATRIUM_ASSIGN_OR_RETURN(auto visible, visible_among(tx, viewer, ids_of(holders)));
    if (visible.empty()) return fail(product_not_found());
    if (common) {
      keep_common(*common, visible);
    } else {
      common = std::move(visible);
    }
  }
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<PlanRepository>().find(plan));
  // A plan the requester may not see answers like a missing one.
  const Error not_offered =
      offer_error("PlanID", "is not offered with these products in a catalogue you see");
  if (!found) return fail(not_offered);
  ATRIUM_ASSIGN_OR_RETURN(auto plan_holders, tx.get<PlanRepository>().catalogues(plan));
  keep_common(*common, ids_of(plan_holders));
  if (catalogue) {
    if (!common->contains(*catalogue)) {
      return fail(offer_error("CatalogueID", "does not offer these products on this plan to you"));
    }
    offer.catalogue_id = *catalogue;
  } else if (common->empty()) {
    return fail(not_offered);
  } else {
    offer.catalogue_id = *common->begin();
  }
  offer.plan = std::move(*found);
  return offer;
}

}  // namespace atrium
