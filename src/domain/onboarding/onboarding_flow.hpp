#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/identity/password_hasher.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/onboarding/links.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "domain/settings/portal_settings.hpp"
#include "domain/storage.hpp"

namespace atrium {

// The paths emailed links point at (served by src/web).
inline constexpr std::string_view kRegisterPath = "/auth/password/register";
inline constexpr std::string_view kConfirmPath = "/auth/password/register/confirm";
inline constexpr std::string_view kResetPath = "/auth/reset/code";
inline constexpr std::string_view kLoginPath = "/auth/password/login";
inline constexpr std::string_view kResetRequestPath = "/auth/password/new";
inline constexpr std::string_view kRegistrationRequestsPath = "/admin/registration-requests";

// Setting a password through an emailed link.
struct NewPasswordInput {
  std::string token;
  std::string password;
  std::string password_confirmation;
};

// Emails a client may make the portal send (registration, reset, invitations) within an hour
// before waits start doubling (DESIGN §8 rule 3).
struct MailLimits {
  long long per_address = 20;
  long long per_email = 3;
};

// Who the anonymous flows are talking to, for throttling and the audit log.
struct Requester {
  std::string source_address;
};

// What every onboarding flow is built from.
struct OnboardingDeps {
  Database& db;
  PasswordHasher& passwords;
  const PasswordRules& password_rules;
  Random& random;
  const TokenHasher& token_hasher;
  const Clock& clock;
  const Mailer& mailer;
  const SettingsService& settings;
  MailLimits limits;
};

// The base of the onboarding flows (DESIGN §3: invitations, self-registration, password reset):
// their dependencies and what they share, checking emailed links, the new password a link sets,
// and throttling the mail a client may make the portal send. Every change is audited in its
// transaction; every email is queued in the same transaction (DESIGN §4).
class OnboardingFlow {
 protected:
  explicit OnboardingFlow(const OnboardingDeps& deps)
      : db_(deps.db),
        passwords_(deps.passwords),
        password_rules_(deps.password_rules),
        random_(deps.random),
        links_(deps.random, deps.token_hasher),
        clock_(deps.clock),
        mailer_(deps.mailer),
        settings_(deps.settings),
        limits_(deps.limits) {}

  // Checks the link and the new password, hashes it (outside any transaction) and returns the
  // user with the hash.
  struct CheckedPassword {
    User user;
    std::string hash;
  };
  Result<CheckedPassword> check_new_password(const NewPasswordInput& input, LinkPurpose purpose);
  Result<User> linked_user(std::string_view token, LinkPurpose purpose);
  Status throttle_mail(Transaction& tx, std::string_view flow, std::string_view email,
                       std::string_view address, TimePoint now) const;

  Database& db_;
  PasswordHasher& passwords_;
  const PasswordRules& password_rules_;
  Random& random_;
  LinkIssuer links_;
  const Clock& clock_;
  const Mailer& mailer_;
  const SettingsService& settings_;
  MailLimits limits_;
};

// The user acting on their own account in an anonymous flow, for the audit log.
Actor self_actor(const User& user, const Requester& requester);
Result<User> load_user(Transaction& tx, UserId id);

}  // namespace atrium
