#pragma once

#include <optional>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class RegistrationRepository : public Repository {
 public:
  virtual ~RegistrationRepository() = default;
  virtual Result<Registration> create(const Registration& registration) = 0;
  virtual Result<std::optional<Registration>> find(RegistrationId id) = 0;
  virtual Result<std::optional<Registration>> find_for_user(UserId user) = 0;
  // Oldest first: a queue of requests.
  virtual Result<PageOf<Registration>> list(const RegistrationFilter& filter,
                                            const PageRequest& page) = 0;
  // Moves the registration from `from` to `to`; false when it was not in `from` (a concurrent
  // decision won).
  virtual Result<bool> change_state(RegistrationId id, RegistrationState from, RegistrationState to,
                                    TimePoint now, std::optional<UserId> decided_by) = 0;
};

}  // namespace atrium
