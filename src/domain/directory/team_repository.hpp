#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

class TeamRepository : public Repository {
 public:
  virtual ~TeamRepository() = default;
  // kConflict "team.name_taken" when the organisation has a team of that name (case-insensitive).
  virtual Result<Team> create(const NewTeam& team, TimePoint now) = 0;
  virtual Result<std::optional<Team>> find(TeamId id) = 0;
  virtual Result<std::optional<Team>> find_by_cid(std::string_view cid) = 0;
  // Ordered by id (so the default team, created with its organisation, comes first).
  virtual Result<std::vector<Team>> list_for_organisation(OrganisationId organisation) = 0;
  virtual Result<Team> default_team(OrganisationId organisation) = 0;
  virtual Result<Team> rename(TeamId id, std::string_view name, TimePoint now) = 0;
  // Deletes the team and its memberships; false when there was none.
  virtual Result<bool> remove(TeamId id) = 0;
  // Member ids, ordered.
  virtual Result<std::vector<UserId>> member_ids(TeamId id) = 0;
  virtual Status add_member(TeamId team, UserId user) = 0;  // no-op when already a member
  virtual Status remove_member(TeamId team, UserId user) = 0;
  // Makes every user of `organisation` who has no team a member of `team`; returns how many.
  virtual Result<long long> adopt_teamless_users(OrganisationId organisation, TeamId team) = 0;
};

}  // namespace atrium
