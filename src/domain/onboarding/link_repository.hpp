#pragma once

#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Emailed one-time links. Only token hashes are stored.
class LinkRepository : public Repository {
 public:
  virtual ~LinkRepository() = default;
  virtual Result<OneTimeLink> create(const NewLink& link) = 0;
  virtual Result<std::optional<OneTimeLink>> find_by_hash(std::string_view token_hash) = 0;
  // Voids every unused, unvoided link of the user with that purpose; returns how many.
  virtual Result<long long> void_for_user(UserId user, LinkPurpose purpose, TimePoint now) = 0;
  // Marks the link used if it is still unused and unvoided; false when it was not (a second use
  // racing the first loses).
  virtual Result<bool> use(LinkId id, TimePoint now) = 0;
};

}  // namespace atrium
