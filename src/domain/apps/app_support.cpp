#include "domain/apps/app_support.hpp"

#include <algorithm>
#include <string>

#include "domain/apps/access_request_repository.hpp"
#include "domain/apps/app_repository.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium {

namespace {

Result<bool> in_default_organisation(Transaction& tx, std::optional<OrganisationId> organisation) {
  if (!organisation) return true;
  ATRIUM_ASSIGN_OR_RETURN(auto org, tx.get<OrganisationRepository>().find(*organisation));
  return !org || org->is_default;
}

Error visibility_error(std::string message) {
  return invalid_argument("app.invalid", "the app's visibility is not allowed",
                          {{"Visibility", std::move(message)}});
}

}  // namespace

Error app_not_found() { return not_found("app.not_found", "app not found"); }
Error access_request_not_found() {
  return not_found("access_request.not_found", "access request not found");
}
Error credential_not_found() { return not_found("credential.not_found", "credential not found"); }

Result<policy::AppFacts> app_facts(Transaction& tx, const App& app) {
  policy::AppFacts facts;
  facts.owner_id = app.fields.user_id;
  facts.organisation_id = app.organisation_id.value_or(0);
  facts.visibility = app.fields.visibility;
  ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(app.fields.user_id));
  facts.owner_team_ids = team_ids(teams);
  ATRIUM_ASSIGN_OR_RETURN(facts.in_default_organisation,
                          in_default_organisation(tx, app.organisation_id));
  return facts;
}

Result<App> load_app_for(Transaction& tx, const Actor& actor, AppId id, policy::AppAction action) {
  ATRIUM_ASSIGN_OR_RETURN(auto app, tx.get<AppRepository>().find(id));
  if (!app) return fail(app_not_found());
  ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
  ATRIUM_ASSIGN_OR_RETURN(auto facts, app_facts(tx, *app));
  const policy::Decision decision = policy::decide(principal, action, facts);
  if (decision != policy::Decision::kAllow) return fail(refusal(decision, "app", "manage"));
  return std::move(*app);
}

Result<AppScope> app_scope(Transaction& tx, const Actor& actor) {
  AppScope scope;
  scope.viewer_id = actor.user_id;
  if (is_api_owner(actor.role)) {
    scope.everything = true;
    return scope;
  }
  ATRIUM_ASSIGN_OR_RETURN(const bool in_default,
                          in_default_organisation(tx, actor.organisation_id));
  if (!in_default) scope.organisation_id = actor.organisation_id;
  return scope;
}

Result<AccessRequest> load_request_of(Transaction& tx, AppId app, AccessRequestId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto request, tx.get<AccessRequestRepository>().find(id));
  if (!request || request->app_id != app) return fail(access_request_not_found());
  return std::move(*request);
}

Result<User> load_app_owner(Transaction& tx, UserId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto user, tx.get<UserRepository>().find_by_id(id));
  if (!user) {
    return fail(invalid_argument("app.invalid", "the app's owner does not exist",
                                 {{"UserID", "no user has ID " + std::to_string(id)}}));
  }
  if (is_api_owner(user->role)) {
    return fail(invalid_argument("app.invalid", "apps belong to API Consumers",
                                 {{"UserID", "is an API Owner; apps belong to API Consumers"}}));
  }
  return std::move(*user);
}

Result<AppVisibility> allowed_visibility(Transaction& tx, const User& owner,
                                         std::optional<AppVisibility> requested) {
  ATRIUM_ASSIGN_OR_RETURN(const bool in_default,
                          in_default_organisation(tx, owner.organisation_id));
  if (in_default) {
    if (requested && *requested != AppVisibility::kPersonal) {
      return fail(visibility_error("apps in the Default Organisation are personal"));
    }
    return AppVisibility::kPersonal;
  }
  const AppVisibility visibility = requested.value_or(AppVisibility::kOrganisation);
  if (visibility == AppVisibility::kTeam) {
    ATRIUM_ASSIGN_OR_RETURN(auto teams, tx.get<UserRepository>().teams_of(owner.id));
    const bool has_own_team =
        std::any_of(teams.begin(), teams.end(), [](const Team& t) { return !t.is_default; });
    if (!has_own_team) {
      return fail(visibility_error(
          "team needs the owner in a team other than the organisation's default team"));
    }
  }
  return visibility;
}

}  // namespace atrium
