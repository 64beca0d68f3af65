#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/directory/organisation.hpp"
#include "domain/identity/role.hpp"
#include "domain/identity/user.hpp"

// The one policy module: every "may actor A do X to B" and "which users may A see" of
// DESIGN.md §2, for all four roles. Handlers (JSON and HTML alike) ask it; the UI only hides what
// it already forbids. Pure functions of facts the caller loads, so the table test needs no I/O.
// Decisions where DESIGN.md is silent are listed in docs/policy.md.
//
// Order of answers for a consumer: first visibility (kNotFound when the target is not visible, so
// existence never leaks), then the action (kForbidden). A consumer never sees an API Owner, nor a
// user of another organisation. Team lists may come in any order (they are sorted internally when
// they are not already).
namespace atrium::policy {

// What the policy knows of the one acting.
struct Principal {
  UserId id = 0;
  Role role = Role::kConsumerTeamMember;
  std::optional<OrganisationId> organisation_id;  // none for API Owners
  std::vector<TeamId> team_ids;                   // sorted; empty for API Owners
};

// What the policy knows of a user being acted on. Status (active / inactive) is deliberately not
// here: inactive users are visible and acted on exactly like active ones (DESIGN §2).
struct UserFacts {
  UserId id = 0;
  Role role = Role::kConsumerTeamMember;
  std::optional<OrganisationId> organisation_id;
  std::vector<TeamId> team_ids;  // sorted
};

enum class Decision {
  kAllow,
  kForbidden,  // 403: the target is visible to the actor, the action is not theirs
  kNotFound,   // 404: the target is not visible to the actor; existence must not leak
};

// "allow", "forbidden", "not-found" (logs, test messages).
std::string_view to_string(Decision decision);

// Admin actions on a user (Admin Portal, admin API, Live Portal "Users" page).
// On themselves, consumers may only kView and kEndSessions: their own name is changed on the
// profile page (a self-service action that needs no policy question), never through kEditProfile,
// so a consumer-admin cannot promote or demote themselves, change their own teams, deactivate,
// delete or remove themselves from the organisation. API Owners may act on themselves like on
// any other owner (the service keeps the last super-admin).
enum class UserAction {
  kView,
  // Name and role. A role change must also pass may_grant_role (decide_role_change does both);
  // teams: decide_team_change.
  kEditProfile,
  kSetActive,  // activate / deactivate
  kDelete,
  // The user moves to the Default Organisation; their apps pass to the remover. kForbidden on an
  // API Owner target (owners are in no organisation).
  kRemoveFromOrganisation,
  kEndSessions,  // "log out everywhere": owners on users they may change; consumers on themselves
};

// Actions on the directory and catalogue as a whole (owners only).
enum class AdminAction {
  kManageOrganisations,
  kManageTeams,
  kManageInviteCodes,
  kManageCatalogues,
  kManageProducts,
  kManagePlans,
  kManageSettings,
  kApproveRegistrations,
  kViewAuditLog,
  kViewOutbox,
  kInviteAnywhere,        // invite users into any organisation and team
  kReviewAccessRequests,  // list, approve, reject and delete any access request
};

// True when the actor may see the target: owners see everyone; consumers see themselves and the
// users sharing at least one team with them (active or not).
bool can_see(const Principal& actor, const UserFacts& target);

Decision decide(const Principal& actor, UserAction action, const UserFacts& target);

// Giving `target` the role `role`: decide(actor, kEditProfile, target), then may_grant_role
// (kForbidden when the actor may edit the target but not grant that role). Whether the new role
// fits the user's data (an owner has no organisation, a consumer needs one) is the service's
// validation, not a permission.
Decision decide_role_change(const Principal& actor, const UserFacts& target, Role role);

// Owners: every action. Consumers: none (a consumer-admin's invitations go through may_invite).
bool allowed(const Principal& actor, AdminAction action);

// Changing a user's teams from `before` (the user's current teams, normally target.team_ids) to
// `after`. Owners may set any teams of a consumer (of the user's organisation, and at least one:
// the service checks that and answers with a field error); an owner target has no teams
// (kForbidden), and provider-admin vs super-admin is kForbidden. A consumer-admin may change the
// teams of a user they can see, other than themselves, adding or removing only teams the admin
// belongs to, and may not leave the user with no team (kForbidden: that is removing them from the
// organisation, a separate action). Team members: never. An unchanged list answers like
// decide(actor, kEditProfile, target), so saving a form without touching the teams is not refused.
Decision decide_team_change(const Principal& actor, const UserFacts& target,
                            const std::vector<TeamId>& before, const std::vector<TeamId>& after);

// Whether the actor may add `team` to `target` or take it from them (one checkbox of an edit form):
// decide(actor, kEditProfile, target) allows it and the team is within the actor's reach: owners
// any team of a consumer (the service checks that it is of the user's organisation), a
// consumer-admin only a team they belong to. Never on an API Owner target (no teams).
// decide_team_change allows a change exactly when every team it adds or removes passes this.
bool may_change_team(const Principal& actor, const UserFacts& target, TeamId team);

// Whether the actor may give a user this role. super-admin is granted only by a super-admin;
// provider-admin by API Owners; consumer roles by API Owners and consumer-admins.
bool may_grant_role(const Principal& actor, Role role);

// Inviting users (DESIGN §3 flow 2): owners anywhere (the service validates organisation and
// teams); a consumer-admin into their own organisation and only into one or more teams they belong
// to, when the setting allows it. The invited user's role is a separate question: may_grant_role.
bool may_invite(const Principal& actor, OrganisationId organisation,
                const std::vector<TeamId>& teams, bool consumer_admin_invites_allowed);

// Which users a list shows the actor. For consumers the list includes the actor themselves (they
// share their own teams), includes inactive users, and never includes API Owners (no teams).
struct UserScope {
  bool everyone = false;                    // API Owners
  std::optional<UserId> sharing_team_with;  // consumers: users sharing a team with this user
};
UserScope visible_users(const Principal& actor);

// Developer Apps (DESIGN §1, §2).
enum class AppVisibility { kPersonal, kTeam, kOrganisation };

struct AppFacts {
  UserId owner_id = 0;
  OrganisationId organisation_id = 0;
  std::vector<TeamId> owner_team_ids;  // sorted
  AppVisibility visibility = AppVisibility::kOrganisation;
  bool in_default_organisation = false;  // apps there are always personal
};

// The visibility that applies: kPersonal in the Default Organisation, else app.visibility.
AppVisibility effective_visibility(const AppFacts& app);

enum class AppAction { kView, kManage };

// Owners: everything. The app's owner: everything. Other consumers: kNotFound unless the app is
// visible to them (kTeam: they share at least one team with the owner; kOrganisation: same
// organisation; kPersonal: never); then a consumer-admin may view and manage it, a team member
// only view it (kManage: kForbidden).
Decision decide(const Principal& actor, AppAction action, const AppFacts& app);

}  // namespace atrium::policy
