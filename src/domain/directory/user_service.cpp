#include "domain/directory/user_service.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "core/field_errors.hpp"
#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/names.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/policy/policy.hpp"

namespace atrium {

namespace {

constexpr std::size_t kMaxProviderLength = 50;
constexpr const char* kRoleChoices =
    "must be one of super-admin, provider-admin, consumer-admin, consumer-team-member";

// The validated, normalised scalar fields of a UserInput.
struct CheckedInput {
  std::optional<std::string> email;
  std::optional<std::string> first;
  std::optional<std::string> last;
  std::optional<Role> role;
  std::optional<std::string> provider;
};

Status check_provider(std::string_view provider) {
  if (provider.empty() || provider.size() > kMaxProviderLength) {
    return fail(field_error("Provider", "must be 1 to 50 characters"));
  }
  for (char c : provider) {
    const bool ok_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok_char)
      return fail(field_error("Provider", "must be lower-case letters, digits, - or _"));
  }
  return ok();
}

std::string_view view_or(const std::optional<std::string>& value, std::string_view fallback) {
  return value ? std::string_view(*value) : fallback;
}

// Field checks that need no database; `creating` makes Email and First required. An update's
// password is checked again in its transaction, with the names and email the user will have.
Result<CheckedInput> check_fields(const UserInput& in, bool creating, const PasswordRules& rules) {
  FieldErrors errors;
  CheckedInput out;
  if (in.email) {
    out.email = errors.take(normalise_email(*in.email));
  } else if (creating) {
    errors.add("Email", "is required");
  }
  if (in.first) {
    out.first = errors.take(check_display_name(*in.first, "First"));
  } else if (creating) {
    errors.add("First", "is required");
  }
  // Tyk accepts users without a last name (its Go client sends none).
  if (in.last) out.last = errors.take(check_optional_name(*in.last, "Last"));
  if (in.role) {
    out.role = parse_role(*in.role);
    if (!out.role) errors.add("Role", kRoleChoices);
  }
  if (in.provider) {
    errors.take(check_provider(*in.provider));
    out.provider = *in.provider;
  }
  if (in.password) {
    errors.take(rules.check(
        *in.password, {view_or(out.email, {}), view_or(out.first, {}), view_or(out.last, {})}));
  }
  if (in.teams) {
    for (TeamId t : *in.teams) {
      if (t <= 0) {
        errors.add("Teams", "must hold team IDs (positive integers)");
        break;
      }
    }
  }
  if (in.organisation_id && *in.organisation_id < 0) {
    errors.add("OrganisationID", "must be an organisation ID (0 for API Owners)");
  }
  ATRIUM_TRY(errors.finish("user.invalid"));
  return out;
}

// The sorted, distinct teams, each checked to exist in `organisation`.
Result<std::vector<TeamId>> check_teams(Transaction& tx, OrganisationId organisation,
                                        std::vector<TeamId> teams) {
  std::sort(teams.begin(), teams.end());
  teams.erase(std::unique(teams.begin(), teams.end()), teams.end());
  if (teams.empty()) return fail(field_error("Teams", "a user needs at least one team"));
  for (TeamId id : teams) {
    ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().find(id));
    if (!team) {
      return fail(field_error("Teams", "no team with ID " + std::to_string(id)));
    }
    if ((team)->organisation_id != organisation) {
      return fail(field_error("Teams", "team " + std::to_string(id) + " is not in organisation " +
                                           std::to_string(organisation)));
    }
  }
  return teams;
}

Result<Organisation> organisation_for(Transaction& tx, std::optional<OrganisationId> wanted) {
  if (!wanted || *wanted == 0) return tx.get<OrganisationRepository>().default_organisation();
  ATRIUM_ASSIGN_OR_RETURN(auto org, tx.get<OrganisationRepository>().find(*wanted));
  if (!org) {
    return fail(
        field_error("OrganisationID", "no organisation with ID " + std::to_string(*wanted)));
  }
  return std::move(*org);
}

Result<UserView> load_view(Transaction& tx, User user) {
  UserView view;
  if (user.organisation_id) {
    ATRIUM_ASSIGN_OR_RETURN(auto org, tx.get<OrganisationRepository>().find(*user.organisation_id));
    view.organisation = std::move(org);
  }
  ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(user.id));
  view.teams = std::move(teams);
  view.user = std::move(user);
  return view;
}

Result<long long> active_super_admins(Transaction& tx) {
  UserFilter filter;
  filter.role = Role::kSuperAdmin;
  filter.active = true;
  ATRIUM_ASSIGN_OR_RETURN(auto page, tx.get<UserRepository>().list(filter, PageRequest{1, 1}));
  return page.total;
}

Error last_super_admin() {
  return conflict("user.last_super_admin",
                  "this is the last active super-admin: make another one first");
}

nlohmann::json org_json(const std::optional<OrganisationId>& org) {
  return org ? nlohmann::json(*org) : nlohmann::json(0);
}

// API Owners belong to no organisation and no team.
Status check_owner_placement(const UserInput& in) {
  FieldErrors errors;
  if (in.organisation_id && *in.organisation_id != 0) {
    errors.add("OrganisationID", "must be 0 for API Owners");
  }
  if (in.teams && !in.teams->empty()) errors.add("Teams", "must be empty for API Owners");
  return errors.finish("user.invalid");
}

// Hashes outside any transaction: Argon2id is slow on purpose.
Result<std::optional<std::string>> hash_if_given(PasswordHasher& passwords,
                                                 const std::optional<std::string>& password) {
  if (!password) return std::optional<std::string>();
  ATRIUM_ASSIGN_OR_RETURN(auto hash, passwords.hash(*password));
  return std::optional<std::string>(std::move(hash));
}

}  // namespace

Result<std::optional<User>> find_user_by_ref(Transaction& tx, std::string_view ref) {
  long long id = 0;
  if (parse_numeric_id(ref, id)) return tx.get<UserRepository>().find_by_id(id);
  return tx.get<UserRepository>().find_by_cid(ref);
}

namespace {

// The user `ref` names, when the policy lets `actor` take `action` on them.

}  // namespace

Result<UserView> UserService::create(const Actor& actor, const UserInput& in) {
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_fields(in, true, rules_));
  const Role role = checked.role.value_or(Role::kConsumerAdmin);
  if (is_api_owner(role)) {
    ATRIUM_TRY(check_owner_placement(in));
  }
  const policy::Principal principal{actor.user_id, actor.role, actor.organisation_id, {}};
  if (!policy::allowed(principal, policy::AdminAction::kInviteAnywhere)) {
    return fail(not_found("route.not_found", "not found"));
  }
  if (!policy::may_grant_role(principal, role)) {
    return fail(make_error(ErrorCode::kForbidden, "user.role_forbidden",
                           "you may not grant the role " + std::string(to_string(role))));
  }
  ATRIUM_ASSIGN_OR_RETURN(auto hash, hash_if_given(passwords_, in.password));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<UserView> {
    NewUser user;
    user.cid = new_uuid(random_);
    user.email = *checked.email;
    user.first = *checked.first;
    user.last = checked.last.value_or("");
    user.role = role;
    user.active = in.active.value_or(true);
    user.password_hash = hash;
    user.reset_password = in.reset_password.value_or(false);
    user.provider = checked.provider.value_or("password");
    std::vector<TeamId> teams;
    if (!is_api_owner(role)) {
      ATRIUM_ASSIGN_OR_RETURN(auto org, organisation_for(tx, in.organisation_id));
      user.organisation_id = org.id;
      if (in.teams && !in.teams->empty()) {
        ATRIUM_ASSIGN_OR_RETURN(auto checked_teams, check_teams(tx, org.id, *in.teams));
        teams = std::move(checked_teams);
      } else {
        ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().default_team(org.id));
        teams.push_back(team.id);
      }
    }
    ATRIUM_ASSIGN_OR_RETURN(auto created, tx.get<UserRepository>().create(user, now));
    if (!teams.empty()) ATRIUM_TRY(tx.get<UserRepository>().set_teams(created.id, teams));
    nlohmann::json changes = {
        {"Email", created.email},   {"First", created.first},
        {"Last", created.last},     {"Role", to_string(created.role)},
        {"Active", created.active}, {"OrganisationID", org_json(created.organisation_id)},
        {"Teams", teams},           {"ResetPassword", created.reset_password}};
    if (hash) changes["Password"] = "set";
    ATRIUM_TRY(record_audit(tx, actor, now, "user.create", "user", std::to_string(created.id),
                            created.organisation_id, changes));
    // DESIGN §3 flow 1: without a password the user is invited to set one.
    if (!hash && hooks_) ATRIUM_TRY(hooks_->created_without_password(tx, actor, created, now));
    return load_view(tx, std::move(created));
  });
}

namespace {

// The user `ref` names with what the policy knows of both sides, when `actor` may see them
// (kNotFound otherwise, as for a missing user).
struct VisibleUser {
  policy::Principal principal;
  User user;
  policy::UserFacts facts;
};

Result<VisibleUser> visible_user(Transaction& tx, const Actor& actor, std::string_view ref) {
  ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
  ATRIUM_ASSIGN_OR_RETURN(auto user, find_user_by_ref(tx, ref));
  if (!user) return fail(not_found("user.not_found", "user not found"));
  ATRIUM_ASSIGN_OR_RETURN(auto facts, facts_of(tx, *user));
  if (!policy::can_see(principal, facts)) {
    return fail(not_found("user.not_found", "user not found"));
  }
  return VisibleUser{std::move(principal), std::move(*user), std::move(facts)};
}

}  // namespace

Result<UserView> UserService::get(const Actor& actor, std::string_view ref) {
  return db_.read_result([&](Transaction& tx) -> Result<UserView> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, visible_user(tx, actor, ref));
    return load_view(tx, std::move(found.user));
  });
}

namespace {

// The teams an actor may offer on the user's form: every team of the user's organisation for an
// owner, the actor's own for a consumer-admin; then only those the policy lets them change.
Result<std::vector<Team>> teams_within_reach(Transaction& tx, const policy::Principal& principal,
                                             const policy::UserFacts& facts) {
  std::vector<Team> candidates;
  if (is_api_owner(principal.role)) {
    if (facts.organisation_id) {
      ATRIUM_ASSIGN_OR_RETURN(
          candidates, tx.get<TeamRepository>().list_for_organisation(*facts.organisation_id));
    }
  } else {
    ATRIUM_ASSIGN_OR_RETURN(candidates, tx.get<UserRepository>().teams_of(principal.id));
  }
  std::erase_if(candidates,
                [&](const Team& t) { return !policy::may_change_team(principal, facts, t.id); });
  return candidates;
}

constexpr std::array<Role, 4> kRoles = {Role::kConsumerTeamMember, Role::kConsumerAdmin,
                                        Role::kProviderAdmin, Role::kSuperAdmin};

std::vector<Role> roles_offered(const policy::Principal& principal, Role current) {
  std::vector<Role> roles{current};
  for (Role r : kRoles) {
    if (r != current && is_api_owner(r) == is_api_owner(current) &&
        policy::may_grant_role(principal, r)) {
      roles.push_back(r);
    }
  }
  return roles;
}

}  // namespace

std::vector<Role> UserService::grantable_roles(const Actor& actor) {
  const policy::Principal principal{actor.user_id, actor.role, actor.organisation_id, {}};
  std::vector<Role> roles;
  for (Role r : kRoles) {
    if (policy::may_grant_role(principal, r)) roles.push_back(r);
  }
  return roles;
}

Result<UserEditChoices> UserService::edit_choices(const Actor& actor, std::string_view ref) {
  return db_.read_result([&](Transaction& tx) -> Result<UserEditChoices> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, visible_user(tx, actor, ref));
    const policy::Principal& principal = found.principal;
    const policy::UserFacts& facts = found.facts;
    UserEditChoices choices;
    choices.may_edit = policy::decide(principal, policy::UserAction::kEditProfile, facts) ==
                       policy::Decision::kAllow;
    choices.may_remove_from_organisation =
        policy::decide(principal, policy::UserAction::kRemoveFromOrganisation, facts) ==
        policy::Decision::kAllow;
    if (choices.may_edit) {
      choices.roles = roles_offered(principal, found.user.role);
      ATRIUM_ASSIGN_OR_RETURN(choices.changeable_teams, teams_within_reach(tx, principal, facts));
    }
    ATRIUM_ASSIGN_OR_RETURN(choices.view, load_view(tx, std::move(found.user)));
    for (const Team& t : choices.view.teams) {
      if (!policy::may_change_team(principal, facts, t.id)) choices.fixed_teams.push_back(t);
    }
    return choices;
  });
}

namespace {

// Lists the users of `filter` that `actor` may see, with `list(tx, filter)` reading one page.
template <typename List>
Result<PageOf<User>> list_visible(Database& db, const Actor& actor, UserFilter& filter,
                                  List&& list) {
  return db.read_result([&](Transaction& tx) -> Result<PageOf<User>> {
    ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
    const auto scope = policy::visible_users(principal);
    if (!scope.everyone) {
      if (!scope.sharing_team_with) return PageOf<User>{};
      if (principal.team_ids.size() == 1 && !filter.team_id) {
        // In one team, "users sharing a team with me" are that team's members, and the team
        // filter reads them in order from the team's index, stopping at the page, where sharing
        // must first collect and order every member (docs/storage.md).
        filter.team_id = principal.team_ids.front();
      } else {
        filter.sharing_team_with = scope.sharing_team_with;
      }
    }
    return list(tx, filter);
  });
}

}  // namespace

Result<PageOf<User>> UserService::list(const Actor& actor, UserFilter filter,
                                       const PageRequest& page) {
  return list_visible(db_, actor, filter, [&](Transaction& tx, const UserFilter& visible) {
    return tx.get<UserRepository>().list(visible, page);
  });
}

Result<PageOf<User>> UserService::list_after(const Actor& actor, UserFilter filter,
                                             const KeysetPage& page) {
  return list_visible(db_, actor, filter, [&](Transaction& tx, const UserFilter& visible) {
    return tx.get<UserRepository>().list_after(visible, page);
  });
}

namespace {

// What an update may do to this user by the policy (DESIGN §2): edit the profile, (de)activate.
Status authorise_update(const policy::Principal& principal, const policy::UserFacts& facts,
                        const User& user, const UserInput& in) {
  const bool profile_change = in.email || in.first || in.last || in.role || in.provider ||
                              in.password || in.reset_password || in.organisation_id;
  if (profile_change) {
    const auto d = policy::decide(principal, policy::UserAction::kEditProfile, facts);
    if (d != policy::Decision::kAllow) return fail(refusal(d, "user", "edit"));
  }
  if (in.active && *in.active != user.active) {
    const auto d = policy::decide(principal, policy::UserAction::kSetActive, facts);
    if (d != policy::Decision::kAllow) return fail(refusal(d, "user", "activate or deactivate"));
  }
  return ok();
}

// The role after the update: one the principal may grant, never leaving no active super-admin.
Result<Role> role_after(Transaction& tx, const policy::Principal& principal, const User& user,
                        const UserInput& in, const CheckedInput& checked) {
  const Role old_role = user.role;
  const Role new_role = checked.role.value_or(old_role);
  if (new_role != old_role && !policy::may_grant_role(principal, new_role)) {
    Error refused = make_error(ErrorCode::kForbidden, "user.role_forbidden",
                               "you may not grant the role " + std::string(to_string(new_role)));
    refused.fields = {{"Role", refused.message}};
    return fail(std::move(refused));
  }
  const bool stays_active = in.active.value_or(user.active);
  if (old_role == Role::kSuperAdmin && user.active &&
      (new_role != Role::kSuperAdmin || !stays_active)) {
    ATRIUM_ASSIGN_OR_RETURN(auto count, active_super_admins(tx));
    if (count <= 1) return fail(last_super_admin());
  }
  return new_role;
}

struct Placement {
  std::optional<OrganisationId> organisation;
  std::vector<TeamId> teams;
};

// The organisation and teams after the update. API Owners have none; a consumer moves only by an
// owner's hand (into the named organisation's default team unless teams are named), and a
// consumer-admin changes only teams they are in.
Result<Placement> placement_after(Transaction& tx, const policy::Principal& principal,
                                  const policy::UserFacts& facts, const User& user,
                                  const UserInput& in, Role new_role) {
  Placement after{user.organisation_id, facts.team_ids};
  if (is_api_owner(new_role)) {
    ATRIUM_TRY(check_owner_placement(in));
    return Placement{};
  }
  const bool org_named = in.organisation_id && *in.organisation_id != 0;
  const bool moving = is_api_owner(user.role) ||
                      (org_named && *in.organisation_id != user.organisation_id.value_or(0));
  if (moving && !is_api_owner(principal.role)) {
    return fail(refusal(policy::Decision::kForbidden, "user", "move to another organisation"));
  }
  if (moving) {
    ATRIUM_ASSIGN_OR_RETURN(auto org,
                            organisation_for(tx, org_named ? in.organisation_id : std::nullopt));
    after.organisation = org.id;
    if (in.teams && !in.teams->empty()) {
      ATRIUM_ASSIGN_OR_RETURN(after.teams, check_teams(tx, org.id, *in.teams));
    } else {
      ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().default_team(org.id));
      after.teams = {team.id};
    }
  } else if (in.teams) {
    ATRIUM_ASSIGN_OR_RETURN(after.teams, check_teams(tx, *user.organisation_id, *in.teams));
    const auto d = policy::decide_team_change(principal, facts, facts.team_ids, after.teams);
    if (d == policy::Decision::kForbidden &&
        policy::decide(principal, policy::UserAction::kEditProfile, facts) ==
            policy::Decision::kAllow) {
      // Editing is theirs, these teams are not: said beside the teams.
      Error refused = make_error(ErrorCode::kForbidden, "user.team_forbidden",
                                 "you may add or remove only teams you are in");
      refused.fields = {{"Teams", refused.message}};
      return fail(std::move(refused));
    }
    if (d != policy::Decision::kAllow) return fail(refusal(d, "user", "change the teams of"));
  }
  return after;
}

// Sets `field` to `value` when one is given and differs, noting the change for the audit log.
template <typename T, typename V>
void set_changed(T& field, const std::optional<V>& value, const char* key,
                 nlohmann::json& changes) {
  if (value && *value != field) {
    field = *value;
    changes[key] = field;
  }
}

void apply_fields(User& user, const CheckedInput& checked, const UserInput& in,
                  nlohmann::json& changes) {
  set_changed(user.email, checked.email, "Email", changes);
  set_changed(user.first, checked.first, "First", changes);
  set_changed(user.last, checked.last, "Last", changes);
  set_changed(user.provider, checked.provider, "Provider", changes);
  set_changed(user.reset_password, in.reset_password, "ResetPassword", changes);
  set_changed(user.active, in.active, "Active", changes);
}

}  // namespace

Result<UserView> UserService::update(const Actor& actor, std::string_view ref,
                                     const UserInput& in) {
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_fields(in, false, rules_));
  ATRIUM_ASSIGN_OR_RETURN(auto hash, hash_if_given(passwords_, in.password));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<UserView> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, visible_user(tx, actor, ref));
    const policy::Principal& principal = found.principal;
    const policy::UserFacts& facts = found.facts;
    User user = std::move(found.user);
    if (in.password) {
      ATRIUM_TRY(rules_.check(
          *in.password, {view_or(checked.email, user.email), view_or(checked.first, user.first),
                         view_or(checked.last, user.last)}));
    }
    ATRIUM_TRY(authorise_update(principal, facts, user, in));
    ATRIUM_ASSIGN_OR_RETURN(const Role new_role, role_after(tx, principal, user, in, checked));
    ATRIUM_ASSIGN_OR_RETURN(auto after, placement_after(tx, principal, facts, user, in, new_role));

    nlohmann::json changes = nlohmann::json::object();
    if (new_role != user.role) changes["Role"] = to_string(new_role);
    const bool moves = after.organisation != user.organisation_id;
    if (moves) changes["OrganisationID"] = org_json(after.organisation);
    if (after.teams != facts.team_ids) changes["Teams"] = after.teams;
    apply_fields(user, checked, in, changes);
    if (hash) changes["Password"] = "changed";
    user.role = new_role;
    user.organisation_id = after.organisation;
    return store_update(tx, actor, std::move(user), facts.team_ids, after.teams, hash, changes,
                        now);
  });
}

Result<UserView> UserService::store_update(Transaction& tx, const Actor& actor, User user,
                                           const std::vector<TeamId>& teams_before,
                                           const std::vector<TeamId>& teams_after,
                                           const std::optional<std::string>& hash,
                                           nlohmann::json& changes, TimePoint now) {
  // The database refuses a user with teams of another organisation (migration 0007): the old
  // teams go before the move, the new ones come after it.
  const bool leaves_teams = changes.contains("OrganisationID") && !teams_before.empty();
  if (leaves_teams) ATRIUM_TRY(tx.get<UserRepository>().set_teams(user.id, {}));
  ATRIUM_ASSIGN_OR_RETURN(auto updated, tx.get<UserRepository>().update(user, hash, now));
  if (teams_after != teams_before || leaves_teams) {
    ATRIUM_TRY(tx.get<UserRepository>().set_teams(user.id, teams_after));
  }
  // DESIGN §8 rule 4: deactivation and password changes end the user's sessions at once.
  if (hash || !updated.active) {
    ATRIUM_ASSIGN_OR_RETURN(auto ended,
                            tx.get<SessionRepository>().remove_for_user(user.id, std::nullopt));
    if (ended > 0) changes["SessionsEnded"] = ended;
  }
  if (!changes.empty()) {
    ATRIUM_TRY(record_audit(tx, actor, now, "user.update", "user", std::to_string(user.id),
                            updated.organisation_id, changes));
  }
  if (changes.contains("Active") && hooks_) ATRIUM_TRY(hooks_->active_changed(tx, updated, now));
  return load_view(tx, std::move(updated));
}

Result<UserView> UserService::set_active(const Actor& actor, std::string_view ref, bool active) {
  UserInput input;
  input.active = active;
  return update(actor, ref, input);
}

Result<long long> UserService::end_sessions(const Actor& actor, std::string_view ref) {
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<long long> {
    ATRIUM_ASSIGN_OR_RETURN(
        auto target,
        authorised_target(tx, actor, ref, policy::UserAction::kEndSessions, "end the sessions of"));
    const User& user = target;
    ATRIUM_ASSIGN_OR_RETURN(auto ended,
                            tx.get<SessionRepository>().remove_for_user(user.id, std::nullopt));
    ATRIUM_TRY(record_audit(tx, actor, now, "user.sessions_end", "user", std::to_string(user.id),
                            user.organisation_id, {{"SessionsEnded", ended}}));
    return ended;
  });
}

Status UserService::remove(const Actor& actor, std::string_view ref) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(
        auto target, authorised_target(tx, actor, ref, policy::UserAction::kDelete, "delete"));
    const User& user = target;
    if (user.role == Role::kSuperAdmin && user.active) {
      ATRIUM_ASSIGN_OR_RETURN(auto count, active_super_admins(tx));
      if (count <= 1) return fail(last_super_admin());
    }
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<UserRepository>().remove(user.id));
    if (!removed) return fail(not_found("user.not_found", "user not found"));
    return record_audit(tx, actor, now, "user.delete", "user", std::to_string(user.id),
                        user.organisation_id,
                        {{"Email", user.email}, {"Role", to_string(user.role)}});
  });
}

}  // namespace atrium
