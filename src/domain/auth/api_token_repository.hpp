#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

// An API token together with the user it authenticates.
struct ApiTokenGrant {
  ApiToken token;
  User user;
};

class ApiTokenRepository : public Repository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Result<ApiToken> create(UserId user, std::string_view name, std::string_view token_hash,
                                  TimePoint now) = 0;
  // The unrevoked token with this hash, with its user.
  virtual Result<std::optional<ApiTokenGrant>> find_by_hash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> list_for_user(UserId user) = 0;
  // False when no unrevoked token of that user has this id.
  virtual Result<bool> revoke(UserId user, ApiTokenId id, TimePoint now) = 0;
  virtual Status touch(ApiTokenId id, TimePoint now) = 0;
};

}  // namespace atrium
