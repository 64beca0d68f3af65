#pragma once

#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct RemovalOutcome {
  User user;                      // as it is now: in the Default Organisation's default team
  long long apps_taken_over = 0;  // by the consumer-admin who removed them
};

// Removing a user from their organisation (DESIGN §2, the policy's kRemoveFromOrganisation): the
// user moves to the Default Organisation's default team; removed by a consumer-admin, their apps
// pass to that admin (keeping their visibility in the organisation), otherwise the apps go with
// them and become personal (migration 0011). Audited.
class OrganisationRemoval {
 public:
  OrganisationRemoval(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // kConflict "user.in_default_organisation" for a user already there.
  Result<RemovalOutcome> remove(const Actor& actor, std::string_view ref);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace atrium
