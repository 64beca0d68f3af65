#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

using ApiTokenId = long long;

// An admin API credential of an API Owner. Only the hash of the secret is ever stored.
struct ApiToken {
  ApiTokenId id = 0;
  UserId user_id = 0;
  std::string name;
  TimePoint created_at;
  std::optional<TimePoint> last_used_at;
  std::optional<TimePoint> revoked_at;
};

}  // namespace atrium
