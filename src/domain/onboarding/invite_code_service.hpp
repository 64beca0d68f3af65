#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// The fields a create or update names; absent ones keep their value (update) or default.
struct InviteCodeInput {
  std::optional<long long> quota;
  std::optional<std::optional<TimePoint>> expires;  // set to nullopt: never expires
  std::optional<bool> active;
  std::optional<TeamId> team_id;
  std::optional<OrganisationId> organisation_id;  // must match the team's when given
};

// Invite codes (Tyk's), managed by API Owners: a generated 32-hex-character code that admits up
// to Quota self-registrations into a team.
class InviteCodeService {
 public:
  InviteCodeService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  Result<InviteCode> create(const Actor& actor, const InviteCodeInput& input);
  Result<InviteCode> get(const Actor& actor, std::string_view ref);  // ID or CID
  Result<PageOf<InviteCode>> list(const Actor& actor, const PageRequest& page);
  Result<InviteCode> update(const Actor& actor, std::string_view ref, const InviteCodeInput& input);
  Status remove(const Actor& actor, std::string_view ref);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
