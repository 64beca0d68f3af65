#pragma once

#include <optional>
#include <vector>

#include "domain/catalogue/catalogue.hpp"
#include "domain/identity/user.hpp"

// Who sees which catalogue, and so which product, plan and documentation page (DESIGN §1, §9):
// a Public catalogue is visible to everyone, anonymous visitors too; a Private one to its
// audience (an entry of organisation + team matches members of that team; an entry without a
// team matches every member of the organisation); API Owners see everything. A product, a plan
// and their docs are visible exactly when they are in a catalogue the viewer can see. What is
// not visible answers 404, never 403. Pure functions, so the table test needs no I/O.
namespace atrium::policy {

// The one looking: an anonymous visitor, a consumer (organisation and teams, as stored now) or
// an API Owner.
struct Viewer {
  bool owner = false;
  std::optional<OrganisationId> organisation_id;  // consumers only
  std::vector<TeamId> team_ids;                   // consumers only, sorted

  static Viewer anonymous() { return {}; }
  static Viewer api_owner() { return Viewer{true, std::nullopt, {}}; }
  static Viewer consumer(OrganisationId organisation, std::vector<TeamId> teams);
};

// An audience entry as the policy sees it.
struct AudienceEntry {
  OrganisationId organisation_id = 0;
  std::optional<TeamId> team_id;
};

struct CatalogueFacts {
  CatalogueVisibility visibility = CatalogueVisibility::kPrivate;
  std::vector<AudienceEntry> audience;
};

bool can_see(const Viewer& viewer, const CatalogueFacts& catalogue);

// A product, plan or doc page, given the catalogues that hold it (none: seen by owners only).
bool can_see_content(const Viewer& viewer, const std::vector<CatalogueFacts>& holders);

// Which catalogues a list shows the viewer, as the store's queries apply it: everything; or the
// Public ones plus the Private ones with an entry for the organisation that has no team or one of
// `team_ids`. Equivalent to can_see on every catalogue (the contract test checks the store
// against can_see).
struct CatalogueScope {
  bool everything = false;
  std::optional<OrganisationId> organisation_id;
  std::vector<TeamId> team_ids;
};
CatalogueScope visible_catalogues(const Viewer& viewer);

}  // namespace atrium::policy
