#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/catalogue.hpp"
#include "domain/catalogue/plan.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct PlanView {
  Plan plan;
  std::vector<Catalogue> catalogues;
};

// A plan to create (Name required) or change (absent fields stay).
struct PlanInput {
  std::optional<std::string> name;
  std::optional<std::string> display_name;
  std::optional<std::string> description;
  std::optional<long long> rate_limit;
  std::optional<long long> per;
  std::optional<bool> unlimited_rate_limit;
  std::optional<long long> quota;
  std::optional<long long> quota_renewal_rate;
  std::optional<bool> unlimited_quota;
  std::optional<long long> key_expires_in;
  std::optional<long long> access_request_limit;
  std::optional<bool> auto_approve;
  std::optional<std::string> jwt_scope;
  std::optional<std::string> metadata_json;  // a JSON object (the HTTP layer checks the shape)
  std::optional<long long> provider_id;
  std::optional<std::vector<CatalogueId>> catalogues;
};

// Plans (API Owners), DESIGN §1, §9; each change audited.
class PlanService {
 public:
  PlanService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Result<PageOf<Plan>> list(const Actor& actor, const PageRequest& page);
  Result<PlanView> create(const Actor& actor, const PlanInput& input);
  Result<PlanView> get(const Actor& actor, PlanId id);
  Result<PlanView> update(const Actor& actor, PlanId id, const PlanInput& input);
  Status remove(const Actor& actor, PlanId id);
  // What create (no `id`) or update of plan `id` would refuse in `input`, changing nothing:
  // one kInvalidArgument naming every field at fault, else ok (a form shows them all at once).
  Status check(const Actor& actor, const PlanInput& input, std::optional<PlanId> id);

  // The plans a visitor (null), consumer or owner sees, ordered by id.
  Result<std::vector<Plan>> visible(const Actor* actor);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
