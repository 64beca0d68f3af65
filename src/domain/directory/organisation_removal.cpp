#include "domain/directory/organisation_removal.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "domain/apps/app_repository.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium {

Result<RemovalOutcome> OrganisationRemoval::remove(const Actor& actor, std::string_view ref) {
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<RemovalOutcome> {
    ATRIUM_ASSIGN_OR_RETURN(
        auto user, authorised_target(tx, actor, ref, policy::UserAction::kRemoveFromOrganisation,
                                     "remove from the organisation"));
    ATRIUM_ASSIGN_OR_RETURN(auto fallback, tx.get<OrganisationRepository>().default_organisation());
    if (user.organisation_id == fallback.id) {
      return fail(conflict("user.in_default_organisation",
                           "this user is in the Default Organisation already"));
    }
    RemovalOutcome out;
    // Before the move, so that the apps keep their visibility in the admin's organisation.
    if (!is_api_owner(actor.role)) {
      ATRIUM_ASSIGN_OR_RETURN(out.apps_taken_over,
                              tx.get<AppRepository>().transfer(user.id, actor.user_id, now));
    }
    ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().default_team(fallback.id));
    auto& users = tx.get<UserRepository>();
    ATRIUM_TRY(users.set_teams(user.id, {}));  // a user's teams are of their organisation
    const std::optional<OrganisationId> from = user.organisation_id;
    user.organisation_id = fallback.id;
    ATRIUM_ASSIGN_OR_RETURN(out.user, users.update(user, std::nullopt, now));
    ATRIUM_TRY(users.set_teams(user.id, {team.id}));
    nlohmann::json changes = {{"OrganisationID", fallback.id},
                              {"AppsTakenOver", out.apps_taken_over}};
    if (from) changes["FromOrganisationID"] = *from;
    ATRIUM_TRY(record_audit(tx, actor, now, "user.remove_from_organisation", "user",
                            std::to_string(user.id), from, changes));
    return out;
  });
}

}  // namespace atrium
