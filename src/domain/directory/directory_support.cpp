#include "domain/directory/directory_support.hpp"

#include <algorithm>
#include <string>

#include "domain/directory/names.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

std::vector<TeamId> team_ids(const std::vector<Team>& teams) {
  std::vector<TeamId> ids;
  ids.reserve(teams.size());
  for (const auto& t : teams) ids.push_back(t.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<policy::Principal> principal_of(Transaction& tx, const Actor& actor) {
  policy::Principal p{actor.user_id, actor.role, actor.organisation_id, {}};
  if (!is_api_owner(actor.role)) {
    ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(actor.user_id));
    p.team_ids = team_ids(teams);
  }
  return p;
}

Result<policy::UserFacts> facts_of(Transaction& tx, const User& user) {
  policy::UserFacts f{user.id, user.role, user.organisation_id, {}};
  if (!is_api_owner(user.role)) {
    ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(user.id));
    f.team_ids = team_ids(teams);
  }
  return f;
}

Error refusal(policy::Decision decision, std::string_view target, std::string_view action) {
  const std::string what(target);
  if (decision == policy::Decision::kNotFound) {
    return not_found(what + ".not_found", what + " not found");
  }
  return make_error(ErrorCode::kForbidden, what + ".forbidden",
                    "you may not " + std::string(action) + " this " + what);
}

Result<std::optional<Organisation>> find_organisation_by_ref(Transaction& tx,
                                                             std::string_view ref) {
  long long id = 0;
  if (parse_numeric_id(ref, id)) return tx.get<OrganisationRepository>().find(id);
  return tx.get<OrganisationRepository>().find_by_cid(ref);
}

Result<User> authorised_target(Transaction& tx, const Actor& actor, std::string_view ref,
                               policy::UserAction action, std::string_view verb) {
  ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
  ATRIUM_ASSIGN_OR_RETURN(auto found, find_user_by_ref(tx, ref));
  if (!found) return fail(not_found("user.not_found", "user not found"));
  ATRIUM_ASSIGN_OR_RETURN(auto facts, facts_of(tx, *found));
  const auto d = policy::decide(principal, action, facts);
  if (d != policy::Decision::kAllow) return fail(refusal(d, "user", verb));
  return std::move(*found);
}

Status require_owner(const Actor& actor, policy::AdminAction action) {
  const policy::Principal p{actor.user_id, actor.role, actor.organisation_id, {}};
  if (!policy::allowed(p, action)) return fail(not_found("route.not_found", "not found"));
  return ok();
}

}  // namespace atrium
