#pragma once

#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

// Which catalogue offers a requester some products on a plan (DESIGN §10): one they can see that
// holds every product and the plan.
namespace atrium {

struct Offer {
  Plan plan;
  std::vector<ProductId> product_ids;  // sorted, no duplicates
  CatalogueId catalogue_id = 0;
};

// Checks an access request's products, plan and catalogue for `requester`: a product they may
// not see is kNotFound (as on the product pages); a missing plan, a plan not offered with the
// products in a catalogue they see, or a catalogue that does not offer both is a field error.
Result<Offer> find_offer(Transaction& tx, const User& requester,
                         const std::vector<ProductId>& products, PlanId plan,
                         std::optional<CatalogueId> catalogue);

}  // namespace atrium
