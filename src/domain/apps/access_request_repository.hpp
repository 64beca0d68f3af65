#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class AccessRequestRepository : public Repository {
 public:
  ~AccessRequestRepository() override = default;
  virtual Result<AccessRequest> create(const NewAccessRequest& request, TimePoint now) = 0;
  // With its names; locked on PostgreSQL in a write.
  virtual Result<std::optional<AccessRequest>> find(AccessRequestId id) = 0;
  // Ordered by id.
  virtual Result<PageOf<AccessRequest>> list(const AccessRequestFilter& filter,
                                             const PageRequest& page) = 0;
  // Records the decision; kNotFound "access_request.not_found".
  virtual Result<AccessRequest> decide(AccessRequestId id, AccessStatus status, UserId reviewer,
                                       std::string_view reason, TimePoint now) = 0;
  // Deletes it with its credentials; false when there was none.
  virtual Result<bool> remove(AccessRequestId id) = 0;
  // Pending requests of the app for exactly this plan and these products (sorted ids).
  virtual Result<long long> count_pending(AppId app, PlanId plan,
                                          const std::vector<ProductId>& products) = 0;
  // Pending and approved requests the user made for the plan (the plan's per-user cap).
  virtual Result<long long> count_open_for_user(UserId user, PlanId plan) = 0;
};

}  // namespace atrium
