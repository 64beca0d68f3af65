#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/api_tokens.hpp"
#include "domain/identity/password_hasher.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct BootstrapRequest {
  std::string email;
  std::optional<std::string> password;  // generated (and must be changed at first login) if absent
  std::string first = "Portal";
  std::string last = "Admin";
  std::string source_address = "cli";  // for the audit log
};

struct BootstrapResult {
  User owner;
  std::optional<std::string> generated_password;  // shown once when we made it up
  IssuedApiToken api_token;
};

// Creates the first API Owner (a super-admin) with an admin API token. Works exactly once per
// installation: afterwards, and for the loser of a race, kConflict "bootstrap.done".
class BootstrapService {
 public:
  BootstrapService(Database& db, PasswordHasher& passwords, const PasswordRules& rules,
                   Random& random, const TokenHasher& tokens, const Clock& clock)
      : db_(db),
        passwords_(passwords),
        rules_(rules),
        random_(random),
        tokens_(tokens),
        clock_(clock) {}

  Result<BootstrapResult> bootstrap(const BootstrapRequest& request);
  // True once an API Owner exists.
  Result<bool> done();

 private:
  Database& db_;
  PasswordHasher& passwords_;
  const PasswordRules& rules_;
  Random& random_;
  const TokenHasher& tokens_;
  const Clock& clock_;
};

}  // namespace atrium
