#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/catalogue/plan.hpp"
#include "domain/paging.hpp"
#include "domain/policy/catalogue_policy.hpp"
#include "domain/storage.hpp"

namespace atrium {

class PlanRepository : public Repository {
 public:
  ~PlanRepository() override = default;
  // kConflict "plan.name_taken".
  virtual Result<Plan> create(std::string_view cid, ProviderId provider, const PlanFields& fields,
                              TimePoint now) = 0;
  virtual Result<std::optional<Plan>> find(PlanId id) = 0;
  // Ordered by id.
  virtual Result<PageOf<Plan>> list(const PageRequest& page) = 0;
  virtual Result<Plan> update(PlanId id, const PlanFields& fields, TimePoint now) = 0;
  virtual Result<bool> remove(PlanId id) = 0;
  // The plans in catalogues the scope shows, ordered by id.
  virtual Result<std::vector<Plan>> list_visible(const policy::CatalogueScope& scope) = 0;

  // The plans in any of `catalogues`, ordered by id (a product page's plans).
  virtual Result<std::vector<Plan>> list_in_catalogues(
      const std::vector<CatalogueId>& catalogues) = 0;

  virtual Result<std::vector<Catalogue>> catalogues(PlanId plan) = 0;
  virtual Status set_catalogues(PlanId plan, const std::vector<CatalogueId>& ids) = 0;
  virtual Result<std::vector<std::string>> names_in_catalogue(CatalogueId catalogue) = 0;
  virtual Status set_plans_of_catalogue(CatalogueId catalogue, const std::vector<PlanId>& ids) = 0;
};

}  // namespace atrium
