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

struct RegistrationInput {
  std::string email;
  std::string first;
  std::string last;
  std::string password;
  std::string password_confirmation;
  std::string invite_code;  // empty: none
};

struct RegistrationView {
  Registration registration;
  User user;
};

// What a followed confirmation link led to.
enum class ConfirmationOutcome { kActive, kAwaitingApproval };

// Self-registration (DESIGN §3 flow 3): confirmation by email, invite codes, approval by an API
// Owner or at once when auto-approve is on.
class RegistrationService final : public OnboardingFlow {
 public:
  explicit RegistrationService(const OnboardingDeps& deps) : OnboardingFlow(deps) {}

  // Self-registration. Answers the same whether or not the email is registered.
  Status register_user(const RegistrationInput& input, const Requester& requester);
  Result<ConfirmationOutcome> confirm_registration(std::string_view token,
                                                   const Requester& requester);
  Result<PageOf<RegistrationView>> list_registrations(const Actor& actor,
                                                      std::optional<RegistrationState> state,
                                                      const PageRequest& page);
  Result<RegistrationView> approve_registration(const Actor& actor, RegistrationId id);
  Result<RegistrationView> reject_registration(const Actor& actor, RegistrationId id);

  bool registration_open() const { return settings_.registration_open(); }

 private:
  // What an address that is already registered gets instead of a new account.
  Status answer_registered(Transaction& tx, const User& user,
                           std::chrono::minutes confirmation_lifetime, TimePoint now);
  Status notify_owners(Transaction& tx, const User& user, const PortalSettings& settings,
                       TimePoint now);
  Result<RegistrationView> decide(const Actor& actor, RegistrationId id, bool approve);
};

}  // namespace atrium
