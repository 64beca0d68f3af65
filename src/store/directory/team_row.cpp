#include "store/directory/team_row.hpp"

#include <utility>

namespace atrium::store {

const std::string kTeamColumns =
    "t.id, t.cid, t.organisation_id, t.name, CAST(t.is_default AS INTEGER), t.created_at, "
    "t.updated_at";

Team TeamRow::to_team() const {
  Team team;
  team.id = id;
  team.cid = cid;
  team.organisation_id = organisation_id;
  team.name = name;
  team.is_default = is_default != 0;
  team.created_at = from_unix_ms(created_at);
  team.updated_at = from_unix_ms(updated_at);
  return team;
}

}  // namespace atrium::store
