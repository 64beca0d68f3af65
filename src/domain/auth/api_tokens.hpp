#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/auth/sign_in_memory.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

// 32 random bytes, base64url: 256 bits, well over the 128 the design asks for.
inline constexpr std::size_t kApiTokenBytes = 32;

// A freshly issued token: the secret is shown once and never stored.
struct IssuedApiToken {
  ApiToken token;
  std::string secret;
};

// Issues a new token for `user` inside an open transaction (used by bootstrap and the API).
Result<IssuedApiToken> issue_api_token(Transaction& tx, Random& random, const TokenHasher& hasher,
                                       UserId user, std::string_view name, TimePoint now);

// Admin API tokens of API Owners (issue, list, revoke, authenticate).
class ApiTokenService {
 public:
  // With a memory, authenticate() answers from it while the copy is current (no SQL).
  ApiTokenService(Database& db, Random& random, const TokenHasher& hasher, const Clock& clock,
                  SignInMemory* memory = nullptr)
      : db_(db), random_(random), hasher_(hasher), clock_(clock), memory_(memory) {}

  // The Actor behind an `Authorization` header value: "<token>" or "Bearer <token>".
  // Only active API Owners holding an unrevoked token pass; anything else is kUnauthenticated.
  Result<Actor> authenticate(std::string_view authorization_header,
                             std::string_view source_address);

  Result<IssuedApiToken> issue(const Actor& actor, std::string_view name);
  // `atrium token create --email`: a new token for the active API Owner with this address, for
  // an owner who lost theirs (whoever runs the command holds the server's configuration).
  // kNotFound when there is no such active owner; audited with source "cli".
  Result<IssuedApiToken> issue_for_owner(std::string_view email, std::string_view name);
  Result<std::vector<ApiToken>> list(const Actor& actor);
  Status revoke(const Actor& actor, ApiTokenId id);

 private:
  Database& db_;
  Random& random_;
  const TokenHasher& hasher_;
  const Clock& clock_;
  SignInMemory* memory_;
};

}  // namespace atrium
