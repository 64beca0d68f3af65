#include "domain/policy/catalogue_policy.hpp"

#include <algorithm>
#include <utility>

namespace atrium::policy {

Viewer Viewer::consumer(OrganisationId organisation, std::vector<TeamId> teams) {
  std::sort(teams.begin(), teams.end());
  return Viewer{false, organisation, std::move(teams)};
}

namespace {

bool matches(const Viewer& viewer, const AudienceEntry& entry) {
  if (!viewer.organisation_id || entry.organisation_id != *viewer.organisation_id) return false;
  if (!entry.team_id) return true;
  return std::binary_search(viewer.team_ids.begin(), viewer.team_ids.end(), *entry.team_id);
}

}  // namespace

bool can_see(const Viewer& viewer, const CatalogueFacts& catalogue) {
  if (viewer.owner || catalogue.visibility == CatalogueVisibility::kPublic) return true;
  return std::any_of(catalogue.audience.begin(), catalogue.audience.end(),
                     [&](const AudienceEntry& entry) { return matches(viewer, entry); });
}

bool can_see_content(const Viewer& viewer, const std::vector<CatalogueFacts>& holders) {
  if (viewer.owner) return true;
  return std::any_of(holders.begin(), holders.end(),
                     [&](const CatalogueFacts& catalogue) { return can_see(viewer, catalogue); });
}

CatalogueScope visible_catalogues(const Viewer& viewer) {
  CatalogueScope scope;
  scope.everything = viewer.owner;
  if (!viewer.owner) {
    scope.organisation_id = viewer.organisation_id;
    scope.team_ids = viewer.team_ids;
  }
  return scope;
}

}  // namespace atrium::policy
