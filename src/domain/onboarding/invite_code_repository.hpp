#pragma once

#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class InviteCodeRepository : public Repository {
 public:
  virtual ~InviteCodeRepository() = default;
  // kConflict "invite_code.code_taken" for a code that exists.
  virtual Result<InviteCode> create(const InviteCode& code) = 0;
  virtual Result<std::optional<InviteCode>> find(InviteCodeId id) = 0;
  virtual Result<std::optional<InviteCode>> find_by_cid(std::string_view cid) = 0;
  virtual Result<std::optional<InviteCode>> find_by_code(std::string_view code) = 0;
  // Ordered by id.
  virtual Result<PageOf<InviteCode>> list(const PageRequest& page) = 0;
  // Writes quota, expires_at, active, team and organisation; sets updated_at.
  virtual Result<InviteCode> update(const InviteCode& code, TimePoint now) = 0;
  virtual Result<bool> remove(InviteCodeId id) = 0;
  // Takes one use of the code if it is active, unexpired and under quota, atomically (one
  // conditional UPDATE): exactly `quota` of any number of concurrent callers succeed.
  virtual Result<bool> consume(InviteCodeId id, TimePoint now) = 0;
};

}  // namespace atrium
