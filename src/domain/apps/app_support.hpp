#pragma once

#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/auth/actor.hpp"
#include "domain/identity/user.hpp"
#include "domain/policy/policy.hpp"
#include "domain/storage.hpp"

// What the app, access request and credential services share.
namespace atrium {

Error app_not_found();
Error access_request_not_found();
Error credential_not_found();

// The app (locked on PostgreSQL in a write) when the actor may do `action` to it: kNotFound when
// it is missing or invisible to them, kForbidden when they may see but not manage it.
Result<App> load_app_for(Transaction& tx, const Actor& actor, AppId id, policy::AppAction action);

// The app as the policy sees it (its owner's organisation and teams read now).
Result<policy::AppFacts> app_facts(Transaction& tx, const App& app);

// Which apps a list shows the actor.
Result<AppScope> app_scope(Transaction& tx, const Actor& actor);

// The access request of `app` (kNotFound when it is another app's), locked in a write.
Result<AccessRequest> load_request_of(Transaction& tx, AppId app, AccessRequestId id);

// The owner a new or changed app gets: an existing API Consumer (field errors name UserID).
Result<User> load_app_owner(Transaction& tx, UserId id);

// The visibility `owner` may give an app: `requested` (or the default, organisation), checked
// against DESIGN §10: personal in the Default Organisation, team only for users in a team other
// than their organisation's default team. kInvalidArgument naming Visibility.
Result<AppVisibility> allowed_visibility(Transaction& tx, const User& owner,
                                         std::optional<AppVisibility> requested);

}  // namespace atrium
