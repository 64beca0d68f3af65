#pragma once

#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class OrganisationRepository : public Repository {
 public:
  virtual ~OrganisationRepository() = default;
  // kConflict "organisation.name_taken" when the name exists (case-insensitive).
  virtual Result<Organisation> create(const NewOrganisation& organisation, TimePoint now) = 0;
  virtual Result<std::optional<Organisation>> find(OrganisationId id) = 0;
  virtual Result<std::optional<Organisation>> find_by_cid(std::string_view cid) = 0;
  virtual Result<Organisation> default_organisation() = 0;
  // Ordered by id.
  virtual Result<PageOf<Organisation>> list(const PageRequest& page) = 0;
  // kConflict "organisation.name_taken".
  virtual Result<Organisation> rename(OrganisationId id, std::string_view name, TimePoint now) = 0;
  // Deletes the organisation and its teams (their memberships too); false when there was none.
  // Users must have been moved out first (kConflict otherwise).
  virtual Result<bool> remove(OrganisationId id) = 0;
  // Moves every user of `from` into organisation `to`, as members of `to_team` only.
  // Returns how many moved.
  virtual Result<long long> move_all_users(OrganisationId from, OrganisationId to, TeamId to_team,
                                           TimePoint now) = 0;
};

}  // namespace atrium
