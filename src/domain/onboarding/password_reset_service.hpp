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
#include "domain/identity/user.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/onboarding_flow.hpp"
#include "domain/paging.hpp"
#include "domain/settings/portal_settings.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Password reset (DESIGN §3 flow 4): the emailed link is single-use, expires, is voided by a newer
// one, and a completed reset ends every session of the user.
class PasswordResetService final : public OnboardingFlow {
 public:
  explicit PasswordResetService(const OnboardingDeps& deps) : OnboardingFlow(deps) {}

  // Password reset. request_reset answers the same whether or not the email is registered.
  Status request_reset(std::string_view email, const Requester& requester);
  Result<User> reset_user(std::string_view token);
  Status complete_reset(const NewPasswordInput& input, const Requester& requester);
};

}  // namespace atrium
