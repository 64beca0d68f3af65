#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth/session_service.hpp"
#include "domain/auth/throttle.hpp"
#include "domain/identity/password_hasher.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Failed-login throttling (DESIGN §8 rule 3). Defaults: per account, 5 failures in 15 minutes
// are free, then waits of 30 s, 60 s, 120 s … up to 15 minutes; per client address the same
// from 20 failures.
struct LoginThrottle {
  ThrottleRule per_account{5, std::chrono::seconds(30), std::chrono::seconds(900),
                           std::chrono::seconds(900)};
  ThrottleRule per_address{20, std::chrono::seconds(30), std::chrono::seconds(900),
                           std::chrono::seconds(900)};
};

struct LoginResult {
  User user;
  StartedSession session;
  bool must_change_password = false;
};

// Password login. Unknown email and wrong password answer identically (kUnauthenticated
// "auth.invalid_credentials") and both run one password verification. The account's real
// state (inactive) is told only after a correct password.
class LoginService {
 public:
  LoginService(Database& db, PasswordHasher& passwords, const PasswordRules& rules,
               SessionService& sessions, const Clock& clock, LoginThrottle throttle);

  Result<LoginResult> login(std::string_view email, std::string_view password,
                            std::string_view source_address, std::string_view user_agent);

  // Sets a new password for the signed-in user (`current` is required unless the user was told
  // to change it at login), ends every session of theirs and starts a fresh one.
  Result<StartedSession> change_password(const ActiveSession& session,
                                         const std::optional<std::string>& current,
                                         std::string_view new_password,
                                         std::string_view confirmation,
                                         std::string_view source_address,
                                         std::string_view user_agent);

 private:
  // Why an inactive user cannot sign in (unconfirmed, awaiting approval, or deactivated).
  Error inactive_reason(UserId user);
  Database& db_;
  PasswordHasher& passwords_;
  const PasswordRules& rules_;
  SessionService& sessions_;
  const Clock& clock_;
  LoginThrottle throttle_;
  // Verified against when the email is unknown, so both paths cost one hash.
  std::string dummy_hash_;
};

}  // namespace atrium
