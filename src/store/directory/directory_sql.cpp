#include "store/directory/directory_sql.hpp"

#include "store/sql_support.hpp"

namespace atrium::store {

Status require_team_of(soci::session& session, TeamId team, OrganisationId organisation) {
  QueryParams params;
  const auto owner = query_optional_number(
      session, "SELECT organisation_id FROM teams WHERE id = " + params.add(team), params);
  if (!owner || *owner != organisation) {
    return fail(conflict("team.not_in_organisation",
                         "the team does not exist or belongs to another organisation"));
  }
  return ok();
}

}  // namespace atrium::store
