#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "domain/identity/user.hpp"

// Catalogues and their audiences (DESIGN §1, §9): a Public catalogue is seen by everyone, a
// Private one by its audience (organisation + optional team; no team = the whole organisation).
namespace atrium {

using CatalogueId = long long;
using AudienceId = long long;

enum class CatalogueVisibility { kPublic, kPrivate };

// Tyk's "Public" / "Private".
std::string_view to_string(CatalogueVisibility visibility);
std::optional<CatalogueVisibility> parse_catalogue_visibility(std::string_view text);

struct Catalogue {
  CatalogueId id = 0;
  std::string cid;
  std::string name;
  std::string slug;  // Tyk's NameWithSlug
  CatalogueVisibility visibility = CatalogueVisibility::kPrivate;
  TimePoint created_at;
  TimePoint updated_at;
};

// What an owner sets on a catalogue (validated by the service).
struct CatalogueFields {
  std::string name;
  std::string slug;
  CatalogueVisibility visibility = CatalogueVisibility::kPrivate;
};

// One audience entry of a private catalogue (Tyk's OrgCatalogue).
struct Audience {
  AudienceId id = 0;
  CatalogueId catalogue_id = 0;
  OrganisationId organisation_id = 0;
  std::optional<TeamId> team_id;  // none: every team of the organisation
  std::string name;
  std::string organisation_name;  // read with the entry, for Tyk's Catalogue-show
  std::string catalogue_name;
  TimePoint created_at;
  TimePoint updated_at;
};

struct NewAudience {
  CatalogueId catalogue_id = 0;
  OrganisationId organisation_id = 0;
  std::optional<TeamId> team_id;
  std::string name;
};

}  // namespace atrium
