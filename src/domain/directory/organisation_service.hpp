#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct OrganisationView {
  Organisation organisation;
  std::vector<Team> teams;
  std::vector<User> users;
};

struct TeamView {
  Team team;
  std::vector<UserId> member_ids;
};

// Organisations and their teams (API Owners only). DESIGN §1: every organisation has a default
// team; defaults are renamable, never deletable; deleting moves users to a default team.
class OrganisationService {
 public:
  OrganisationService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Result<OrganisationView> create(const Actor& actor, std::string_view name);
  Result<OrganisationView> get(const Actor& actor, std::string_view ref);
  Result<PageOf<Organisation>> list(const Actor& actor, const PageRequest& page);
  // Renames; the default team follows when it still has its generated name.
  Result<OrganisationView> rename(const Actor& actor, std::string_view ref, std::string_view name);
  // Moves the organisation's users to the Default Organisation's default team, then deletes it.
  Status remove(const Actor& actor, std::string_view ref);

  Result<std::vector<Team>> list_teams(const Actor& actor, std::string_view org_ref);
  // A non-default team with `users` (each a consumer of the organisation) as its members.
  Result<TeamView> create_team(const Actor& actor, std::string_view org_ref, std::string_view name,
                               const std::vector<UserId>& users = {});
  Result<TeamView> get_team(const Actor& actor, std::string_view org_ref,
                            std::string_view team_ref);
  // Renames and/or sets the exact membership. Users removed from their last team join the
  // organisation's default team; leaving the default team with no other team is refused.
  Result<TeamView> update_team(const Actor& actor, std::string_view org_ref,
                               std::string_view team_ref, const std::optional<std::string>& name,
                               const std::optional<std::vector<UserId>>& users);
  // Deletes a non-default team; members left without a team join the default team.
  Status remove_team(const Actor& actor, std::string_view org_ref, std::string_view team_ref);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
