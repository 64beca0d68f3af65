#pragma once

#include <optional>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class InvitationRepository : public Repository {
 public:
  virtual ~InvitationRepository() = default;
  // kConflict when the user already has an invitation.
  virtual Result<Invitation> create(const Invitation& invitation) = 0;
  virtual Result<std::optional<Invitation>> find(InvitationId id) = 0;
  virtual Result<std::optional<Invitation>> find_for_user(UserId user) = 0;
  // Newest first.
  virtual Result<PageOf<Invitation>> list(const InvitationFilter& filter,
                                          const PageRequest& page) = 0;
  virtual Status record_sent(InvitationId id, TimePoint sent_at, TimePoint expires_at) = 0;
  virtual Status mark_accepted(InvitationId id, TimePoint now) = 0;
};

}  // namespace atrium
