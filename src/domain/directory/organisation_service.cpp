#include "domain/directory/organisation_service.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/names.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/policy/policy.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

Error organisation_not_found() {
  return not_found("organisation.not_found", "organisation not found");
}
Error team_not_found() { return not_found("team.not_found", "team not found"); }

Result<Organisation> load_organisation(Transaction& tx, std::string_view ref) {
  ATRIUM_ASSIGN_OR_RETURN(auto org, find_organisation_by_ref(tx, ref));
  if (!org) return fail(organisation_not_found());
  return std::move(*org);
}

// A team of `org` by ID or CID; a team of another organisation is not found.
Result<Team> load_team(Transaction& tx, const Organisation& org, std::string_view ref) {
  long long id = 0;
  ATRIUM_ASSIGN_OR_RETURN(auto team, parse_numeric_id(ref, id)
                                         ? tx.get<TeamRepository>().find(id)
                                         : tx.get<TeamRepository>().find_by_cid(ref));
  if (!team || (team)->organisation_id != org.id) return fail(team_not_found());
  return std::move(*team);
}

Result<OrganisationView> load_view(Transaction& tx, Organisation org) {
  OrganisationView view;
  ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<TeamRepository>().list_for_organisation(org.id));
  UserFilter filter;
  filter.organisation_id = org.id;
  // Tyk lists every member in the organisation's record.
  ATRIUM_ASSIGN_OR_RETURN(auto users, tx.get<UserRepository>().list(
                                          filter, PageRequest{1, std::numeric_limits<int>::max()}));
  view.organisation = std::move(org);
  view.teams = std::move(teams);
  view.users = std::move(users.items);
  return view;
}

// The sorted, distinct `users`, each checked to be a consumer of `org` (a field error on Users).
Result<std::vector<UserId>> check_members(Transaction& tx, const Organisation& org,
                                          std::vector<UserId> users) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  for (UserId id : users) {
    ATRIUM_ASSIGN_OR_RETURN(auto user, id > 0 ? tx.get<UserRepository>().find_by_id(id)
                                              : Result<std::optional<User>>{});
    if (!user || user->organisation_id != org.id) {
      return fail(field_error("Users", "user " + std::to_string(id) +
                                           " is not a member of organisation " +
                                           std::to_string(org.id)));
    }
  }
  return users;
}

Result<TeamView> load_team_view(Transaction& tx, Team team) {
  ATRIUM_ASSIGN_OR_RETURN(auto members, tx.get<TeamRepository>().member_ids(team.id));
  return TeamView{std::move(team), std::move(members)};
}

nlohmann::json ids_json(const std::vector<UserId>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (UserId id : ids) out.push_back(id);
  return out;
}

}  // namespace

Result<OrganisationView> OrganisationService::create(const Actor& actor, std::string_view name) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageOrganisations));
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_display_name(name, "Name"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<OrganisationView> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, tx.get<OrganisationRepository>().create(
                                          NewOrganisation{new_uuid(random_), checked}, now));
    ATRIUM_ASSIGN_OR_RETURN(
        auto team, tx.get<TeamRepository>().create(
                       NewTeam{new_uuid(random_), org.id, default_team_name(org.name), true}, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "organisation.create", "organisation",
                            std::to_string(org.id), org.id,
                            {{"Name", org.name}, {"DefaultTeamID", team.id}}));
    return load_view(tx, std::move(org));
  });
}

Result<OrganisationView> OrganisationService::get(const Actor& actor, std::string_view ref) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageOrganisations));
  return db_.read_result([&](Transaction& tx) -> Result<OrganisationView> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, ref));
    return load_view(tx, std::move(org));
  });
}

Result<PageOf<Organisation>> OrganisationService::list(const Actor& actor,
                                                       const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageOrganisations));
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<OrganisationRepository>().list(page); });
}

Result<OrganisationView> OrganisationService::rename(const Actor& actor, std::string_view ref,
                                                     std::string_view name) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageOrganisations));
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_display_name(name, "Name"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<OrganisationView> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, ref));
    if (org.name == checked) return load_view(tx, std::move(org));
    ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().default_team(org.id));
    const std::string old_name = org.name;
    ATRIUM_ASSIGN_OR_RETURN(auto renamed,
                            tx.get<OrganisationRepository>().rename(org.id, checked, now));
    nlohmann::json changes = {{"Name", checked}};
    if (team.name == default_team_name(old_name)) {
      ATRIUM_ASSIGN_OR_RETURN(auto team_renamed, tx.get<TeamRepository>().rename(
                                                     team.id, default_team_name(checked), now));
      changes["DefaultTeamName"] = team_renamed.name;
    }
    ATRIUM_TRY(record_audit(tx, actor, now, "organisation.update", "organisation",
                            std::to_string(org.id), org.id, changes));
    return load_view(tx, std::move(renamed));
  });
}

Status OrganisationService::remove(const Actor& actor, std::string_view ref) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageOrganisations));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, ref));
    if (org.is_default) {
      return fail(conflict("organisation.default_undeletable",
                           "the Default Organisation can be renamed but never deleted"));
    }
    ATRIUM_ASSIGN_OR_RETURN(auto target, tx.get<OrganisationRepository>().default_organisation());
    ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().default_team(target.id));
    ATRIUM_ASSIGN_OR_RETURN(auto moved, tx.get<OrganisationRepository>().move_all_users(
                                            org.id, target.id, team.id, now));
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<OrganisationRepository>().remove(org.id));
    if (!removed) return fail(organisation_not_found());
    return record_audit(tx, actor, now, "organisation.delete", "organisation",
                        std::to_string(org.id), org.id,
                        {{"Name", org.name}, {"UsersMovedTo", target.id}, {"UsersMoved", moved}});
  });
}

Result<std::vector<Team>> OrganisationService::list_teams(const Actor& actor,
                                                          std::string_view org_ref) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageTeams));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<Team>> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, org_ref));
    return tx.get<TeamRepository>().list_for_organisation(org.id);
  });
}

Result<TeamView> OrganisationService::create_team(const Actor& actor, std::string_view org_ref,
                                                  std::string_view name,
                                                  const std::vector<UserId>& users) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageTeams));
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_display_name(name, "Name"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<TeamView> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, org_ref));
    ATRIUM_ASSIGN_OR_RETURN(auto members, check_members(tx, org, users));
    ATRIUM_ASSIGN_OR_RETURN(
        auto team,
        tx.get<TeamRepository>().create(NewTeam{new_uuid(random_), org.id, checked, false}, now));
    for (UserId id : members) ATRIUM_TRY(tx.get<TeamRepository>().add_member(team.id, id));
    nlohmann::json changes = {{"Name", team.name}};
    if (!members.empty()) changes["Users"] = ids_json(members);
    ATRIUM_TRY(record_audit(tx, actor, now, "team.create", "team", std::to_string(team.id), org.id,
                            changes));
    return load_team_view(tx, std::move(team));
  });
}

Result<TeamView> OrganisationService::get_team(const Actor& actor, std::string_view org_ref,
                                               std::string_view team_ref) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageTeams));
  return db_.read_result([&](Transaction& tx) -> Result<TeamView> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, org_ref));
    ATRIUM_ASSIGN_OR_RETURN(auto team, load_team(tx, org, team_ref));
    return load_team_view(tx, std::move(team));
  });
}

Result<TeamView> OrganisationService::update_team(const Actor& actor, std::string_view org_ref,
                                                  std::string_view team_ref,
                                                  const std::optional<std::string>& name,
                                                  const std::optional<std::vector<UserId>>& users) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageTeams));
  std::optional<std::string> checked_name;
  if (name) {
    ATRIUM_ASSIGN_OR_RETURN(auto checked, check_display_name(*name, "Name"));
    checked_name = std::move(checked);
  }
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<TeamView> {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, org_ref));
    ATRIUM_ASSIGN_OR_RETURN(auto team, load_team(tx, org, team_ref));
    nlohmann::json changes = nlohmann::json::object();
    if (checked_name && *checked_name != team.name) {
      ATRIUM_ASSIGN_OR_RETURN(auto renamed,
                              tx.get<TeamRepository>().rename(team.id, *checked_name, now));
      team = std::move(renamed);
      changes["Name"] = team.name;
    }
    if (users) {
      ATRIUM_ASSIGN_OR_RETURN(auto wanted, check_members(tx, org, *users));
      ATRIUM_ASSIGN_OR_RETURN(auto current, tx.get<TeamRepository>().member_ids(team.id));
      std::vector<UserId> removed;
      std::set_difference(current.begin(), current.end(), wanted.begin(), wanted.end(),
                          std::back_inserter(removed));
      if (team.is_default) {
        for (UserId id : removed) {
          ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(id));
          if (teams.size() <= 1) {
            return fail(field_error("Users", "user " + std::to_string(id) +
                                                 " would have no team left; add them to "
                                                 "another team first"));
          }
        }
      }
      for (UserId id : removed) ATRIUM_TRY(tx.get<TeamRepository>().remove_member(team.id, id));
      for (UserId id : wanted) ATRIUM_TRY(tx.get<TeamRepository>().add_member(team.id, id));
      if (!team.is_default && !removed.empty()) {
        ATRIUM_ASSIGN_OR_RETURN(auto fallback, tx.get<TeamRepository>().default_team(org.id));
        ATRIUM_ASSIGN_OR_RETURN(auto adopted,
                                tx.get<TeamRepository>().adopt_teamless_users(org.id, fallback.id));
        if (adopted > 0) changes["MovedToDefaultTeam"] = adopted;
      }
      if (current != wanted) changes["Users"] = ids_json(wanted);
    }
    if (!changes.empty()) {
      ATRIUM_TRY(record_audit(tx, actor, now, "team.update", "team", std::to_string(team.id),
                              org.id, changes));
    }
    return load_team_view(tx, std::move(team));
  });
}

Status OrganisationService::remove_team(const Actor& actor, std::string_view org_ref,
                                        std::string_view team_ref) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageTeams));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto org, load_organisation(tx, org_ref));
    ATRIUM_ASSIGN_OR_RETURN(auto team, load_team(tx, org, team_ref));
    if (team.is_default) {
      return fail(conflict("team.default_undeletable",
                           "an organisation's default team can be renamed but never deleted"));
    }
    ATRIUM_ASSIGN_OR_RETURN(auto fallback, tx.get<TeamRepository>().default_team(org.id));
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<TeamRepository>().remove(team.id));
    if (!removed) return fail(team_not_found());
    ATRIUM_ASSIGN_OR_RETURN(auto adopted,
                            tx.get<TeamRepository>().adopt_teamless_users(org.id, fallback.id));
    return record_audit(tx, actor, now, "team.delete", "team", std::to_string(team.id), org.id,
                        {{"Name", team.name}, {"MovedToDefaultTeam", adopted}});
  });
}

}  // namespace atrium
