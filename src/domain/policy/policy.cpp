#include "domain/policy/policy.hpp"

#include <algorithm>
#include <iterator>

namespace atrium::policy {
namespace {

std::vector<TeamId> sorted_unique(std::vector<TeamId> ids) {
  std::ranges::sort(ids);
  const auto tail = std::ranges::unique(ids);
  ids.erase(tail.begin(), tail.end());
  return ids;
}

// Both ranges sorted: one linear walk, no allocation (the common case on every lookup).
bool sorted_share_any(const std::vector<TeamId>& a, const std::vector<TeamId>& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      return true;
    }
  }
  return false;
}

bool share_any(const std::vector<TeamId>& a, const std::vector<TeamId>& b) {
  if (std::ranges::is_sorted(a) && std::ranges::is_sorted(b)) return sorted_share_any(a, b);
  return sorted_share_any(sorted_unique(a), sorted_unique(b));
}

bool is_consumer_admin(const Principal& actor) { return actor.role == Role::kConsumerAdmin; }

bool is_self(const Principal& actor, const UserFacts& target) { return actor.id == target.id; }

// provider-admin may do everything except change or delete a super-admin.
bool owner_may_change(const Principal& actor, const UserFacts& target) {
  return !(actor.role == Role::kProviderAdmin && target.role == Role::kSuperAdmin);
}

Decision decide_as_owner(const Principal& actor, UserAction action, const UserFacts& target) {
  if (action == UserAction::kView) return Decision::kAllow;
  if (!owner_may_change(actor, target)) return Decision::kForbidden;
  if (action == UserAction::kRemoveFromOrganisation && is_api_owner(target.role)) {
    return Decision::kForbidden;  // owners are in no organisation
  }
  return Decision::kAllow;
}

// Only called once the target is visible to the consumer.
Decision decide_as_consumer(const Principal& actor, UserAction action, const UserFacts& target) {
  const bool self = is_self(actor, target);
  switch (action) {
    case UserAction::kView:
      return Decision::kAllow;
    case UserAction::kEndSessions:
      return self ? Decision::kAllow : Decision::kForbidden;
    case UserAction::kEditProfile:
    case UserAction::kRemoveFromOrganisation:
      return is_consumer_admin(actor) && !self ? Decision::kAllow : Decision::kForbidden;
    case UserAction::kSetActive:
    case UserAction::kDelete:
      return Decision::kForbidden;
  }
  return Decision::kForbidden;
}

// A team an actor already allowed to edit `target` may add or remove: owners any (of a consumer),
// a consumer-admin their own.
bool team_within_reach(const Principal& actor, const UserFacts& target, TeamId team) {
  if (is_api_owner(target.role)) return false;
  if (is_api_owner(actor.role)) return true;
  return std::ranges::find(actor.team_ids, team) != actor.team_ids.end();
}

bool app_visible_to_consumer(const Principal& actor, const AppFacts& app) {
  if (actor.organisation_id != app.organisation_id) return false;
  switch (effective_visibility(app)) {
    case AppVisibility::kPersonal:
      return false;
    case AppVisibility::kTeam:
      return share_any(actor.team_ids, app.owner_team_ids);
    case AppVisibility::kOrganisation:
      return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::kAllow:
      return "allow";
    case Decision::kForbidden:
      return "forbidden";
    case Decision::kNotFound:
      return "not-found";
  }
  return "not-found";
}

bool can_see(const Principal& actor, const UserFacts& target) {
  if (is_api_owner(actor.role)) return true;
  if (is_api_owner(target.role)) return false;
  if (is_self(actor, target)) return true;
  if (!actor.organisation_id.has_value() || actor.organisation_id != target.organisation_id) {
    return false;
  }
  return share_any(actor.team_ids, target.team_ids);
}

Decision decide(const Principal& actor, UserAction action, const UserFacts& target) {
  if (is_api_owner(actor.role)) return decide_as_owner(actor, action, target);
  if (!can_see(actor, target)) return Decision::kNotFound;
  return decide_as_consumer(actor, action, target);
}

Decision decide_role_change(const Principal& actor, const UserFacts& target, Role role) {
  const Decision edit = decide(actor, UserAction::kEditProfile, target);
  if (edit != Decision::kAllow) return edit;
  return may_grant_role(actor, role) ? Decision::kAllow : Decision::kForbidden;
}

bool allowed(const Principal& actor, AdminAction action) {
  // Every enumerator listed: a new one must be decided here (-Wswitch), not fall to a default.
  switch (action) {
    case AdminAction::kManageOrganisations:
    case AdminAction::kManageTeams:
    case AdminAction::kManageInviteCodes:
    case AdminAction::kManageCatalogues:
    case AdminAction::kManageProducts:
    case AdminAction::kManagePlans:
    case AdminAction::kManageSettings:
    case AdminAction::kApproveRegistrations:
    case AdminAction::kViewAuditLog:
    case AdminAction::kViewOutbox:
    case AdminAction::kInviteAnywhere:
    case AdminAction::kReviewAccessRequests:
      return is_api_owner(actor.role);
  }
  return false;
}

Decision decide_team_change(const Principal& actor, const UserFacts& target,
                            const std::vector<TeamId>& before, const std::vector<TeamId>& after) {
  // Visibility, self and role rules first: the same answer as editing the user at all.
  const Decision edit = decide(actor, UserAction::kEditProfile, target);
  if (edit != Decision::kAllow) return edit;

  const std::vector<TeamId> old_teams = sorted_unique(before);
  const std::vector<TeamId> new_teams = sorted_unique(after);
  if (old_teams == new_teams) return Decision::kAllow;

  // A consumer-admin leaving a user with no team would remove them from the organisation, a
  // separate action; an owner is told so by the service (a field error).
  if (new_teams.empty() && !is_api_owner(actor.role)) return Decision::kForbidden;
  std::vector<TeamId> changed;
  std::ranges::set_symmetric_difference(old_teams, new_teams, std::back_inserter(changed));
  const bool all_reachable =
      std::ranges::all_of(changed, [&](TeamId t) { return team_within_reach(actor, target, t); });
  return all_reachable ? Decision::kAllow : Decision::kForbidden;
}

bool may_change_team(const Principal& actor, const UserFacts& target, TeamId team) {
  return decide(actor, UserAction::kEditProfile, target) == Decision::kAllow &&
         team_within_reach(actor, target, team);
}

bool may_grant_role(const Principal& actor, Role role) {
  switch (actor.role) {
    case Role::kSuperAdmin:
      return true;
    case Role::kProviderAdmin:
      return role != Role::kSuperAdmin;
    case Role::kConsumerAdmin:
      return !is_api_owner(role);
    case Role::kConsumerTeamMember:
      return false;
  }
  return false;
}

bool may_invite(const Principal& actor, OrganisationId organisation,
                const std::vector<TeamId>& teams, bool consumer_admin_invites_allowed) {
  if (is_api_owner(actor.role)) return true;
  if (!is_consumer_admin(actor) || !consumer_admin_invites_allowed) return false;
  if (actor.organisation_id != organisation || teams.empty()) return false;
  const std::vector<TeamId> own = sorted_unique(actor.team_ids);
  return std::ranges::all_of(teams,
                             [&own](TeamId t) { return std::ranges::binary_search(own, t); });
}

UserScope visible_users(const Principal& actor) {
  if (is_api_owner(actor.role)) return UserScope{.everyone = true, .sharing_team_with = {}};
  return UserScope{.everyone = false, .sharing_team_with = actor.id};
}

AppVisibility effective_visibility(const AppFacts& app) {
  return app.in_default_organisation ? AppVisibility::kPersonal : app.visibility;
}

Decision decide(const Principal& actor, AppAction action, const AppFacts& app) {
  if (is_api_owner(actor.role)) return Decision::kAllow;
  if (app.owner_id == actor.id) return Decision::kAllow;
  if (!app_visible_to_consumer(actor, app)) return Decision::kNotFound;
  if (action == AppAction::kView) return Decision::kAllow;
  return is_consumer_admin(actor) ? Decision::kAllow : Decision::kForbidden;
}

}  // namespace atrium::policy
