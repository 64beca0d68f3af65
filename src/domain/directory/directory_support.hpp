#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/policy/policy.hpp"
#include "domain/storage.hpp"

// Helpers shared by the directory services (users, organisations, teams).
namespace atrium {

// The actor as the policy sees them (their teams loaded for consumers).
Result<policy::Principal> principal_of(Transaction& tx, const Actor& actor);

// A user as the policy sees them.
Result<policy::UserFacts> facts_of(Transaction& tx, const User& user);

std::vector<TeamId> team_ids(const std::vector<Team>& teams);

// The error for a policy refusal: kNotFound hides the target, kForbidden names the action.
Error refusal(policy::Decision decision, std::string_view target, std::string_view action);

Result<std::optional<Organisation>> find_organisation_by_ref(Transaction& tx, std::string_view ref);

// The user `ref` names (an id or a CID) when the actor may do `action` to them: kNotFound when
// missing or invisible to the actor, kForbidden (naming `verb`) when visible but not theirs to do.
Result<User> authorised_target(Transaction& tx, const Actor& actor, std::string_view ref,
                               policy::UserAction action, std::string_view verb);

// API Owners only; others are told the path does not exist (no admin surface leaks).
Status require_owner(const Actor& actor, policy::AdminAction action);

}  // namespace atrium
