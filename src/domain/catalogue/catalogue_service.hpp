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
#include "domain/catalogue/product.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// A catalogue with what Tyk's Catalogue-show lists beside it.
struct CatalogueView {
  Catalogue catalogue;
  std::vector<Audience> audiences;
  std::vector<std::string> product_names;
  std::vector<std::string> plan_names;
};

struct AudienceInput {
  std::optional<OrganisationId> organisation_id;  // required
  std::optional<TeamId> team_id;
};

// A catalogue to create or change. On update an absent field stays as it is; Products / Plans
// given as null (Tyk's way) empty the list.
struct CatalogueInput {
  std::optional<std::string> name;
  std::optional<std::string> slug;
  std::optional<std::string> visibility;  // "Public" / "Private"
  std::optional<std::vector<ProductId>> products;
  std::optional<std::vector<PlanId>> plans;
  std::optional<std::vector<AudienceInput>> audiences;  // create only (Tyk's OrgCatalogues)
};

// Catalogues and their audiences (API Owners), DESIGN §1, §9. Every change is audited.
class CatalogueService {
 public:
  CatalogueService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Result<PageOf<Catalogue>> list(const Actor& actor, const PageRequest& page);
  Result<CatalogueView> create(const Actor& actor, const CatalogueInput& input);
  Result<CatalogueView> get(const Actor& actor, CatalogueId id);
  Result<CatalogueView> update(const Actor& actor, CatalogueId id, const CatalogueInput& input);
  // Deletes it with its audience; its products and plans stay (in their other catalogues).
  Status remove(const Actor& actor, CatalogueId id);

  Result<std::vector<Audience>> audiences(const Actor& actor, CatalogueId id);
  Result<Audience> get_audience(const Actor& actor, CatalogueId id, AudienceId audience);
  // The organisation must exist and the team, when given, be one of its teams.
  Result<Audience> add_audience(const Actor& actor, CatalogueId id, const AudienceInput& input);
  Status remove_audience(const Actor& actor, CatalogueId id, AudienceId audience);

  // The catalogues a visitor (null), consumer or owner sees, ordered by name.
  Result<std::vector<Catalogue>> visible(const Actor* actor);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
