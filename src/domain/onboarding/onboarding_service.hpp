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

// A consumer-admin's invitation (DESIGN §3 flow 2).
struct InviteInput {
  std::optional<std::string> email;
  std::optional<std::string> first;
  std::optional<std::string> last;
  std::optional<std::string> role;  // consumer-team-member unless named
  std::vector<TeamId> teams;
};

struct InvitationView {
  Invitation invitation;
  User user;
};

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

// Onboarding flows (DESIGN §3): invitations, self-registration with confirmation and approval,
// password reset, and the email that goes with activation. Every change is audited in its
// transaction; every email is queued in the same transaction (DESIGN §4).
class OnboardingService final : public UserLifecycleHooks {
 public:
  OnboardingService(Database& db, PasswordHasher& passwords, Random& random,
                    const TokenHasher& token_hasher, const Clock& clock, const Mailer& mailer,
                    const SettingsService& settings, MailLimits limits = {})
      : db_(db),
        passwords_(passwords),
        random_(random),
        links_(random, token_hasher),
        clock_(clock),
        mailer_(mailer),
        settings_(settings),
        limits_(limits) {}

  // UserLifecycleHooks (called by UserService inside its transactions).
  Status created_without_password(Transaction& tx, const Actor& actor, const User& user,
                                  TimePoint now) override;
  Status active_changed(Transaction& tx, const User& user, TimePoint now) override;

  // Invitations.
  Result<InvitationView> invite(const Actor& actor, const InviteInput& input);
  // Owners: every pending invitation; consumer-admins: their organisation's.
  Result<PageOf<InvitationView>> list_invitations(const Actor& actor, const PageRequest& page);
  Result<InvitationView> resend_invitation(const Actor& actor, InvitationId id);
  // Deletes the invited user, who never signed in.
  Status revoke_invitation(const Actor& actor, InvitationId id);
  // POST /portal-api/users/{id}/invite: send (or resend) the registration link to a user who has
  // no password yet.
  Result<InvitationView> send_registration_link(const Actor& actor, std::string_view user_ref);
  // The invited user (for the "set your password" page); errors name why the link is refused.
  Result<User> invited_user(std::string_view token);
  Result<User> accept_invitation(const NewPasswordInput& input, const Requester& requester);

  // Self-registration. Answers the same whether or not the email is registered.
  Status register_user(const RegistrationInput& input, const Requester& requester);
  Result<ConfirmationOutcome> confirm_registration(std::string_view token,
                                                   const Requester& requester);
  Result<PageOf<RegistrationView>> list_registrations(const Actor& actor,
                                                      std::optional<RegistrationState> state,
                                                      const PageRequest& page);
  Result<RegistrationView> approve_registration(const Actor& actor, RegistrationId id);
  Result<RegistrationView> reject_registration(const Actor& actor, RegistrationId id);

  // Password reset. request_reset answers the same whether or not the email is registered.
  Status request_reset(std::string_view email, const Requester& requester);
  Result<User> reset_user(std::string_view token);
  Status complete_reset(const NewPasswordInput& input, const Requester& requester);

  bool registration_open() const;

 private:
  // Creates or refreshes the user's invitation and emails a new link (voiding older ones).
  Result<Invitation> send_invitation(Transaction& tx, const Actor& actor, const User& user,
                                     const PortalSettings& settings, TimePoint now);
  Result<InvitationView> visible_invitation(Transaction& tx, const Actor& actor, InvitationId id);
  Status notify_owners(Transaction& tx, const User& user, const PortalSettings& settings,
                       TimePoint now);
  Result<RegistrationView> decide(const Actor& actor, RegistrationId id, bool approve);
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
  Random& random_;
  LinkIssuer links_;
  const Clock& clock_;
  const Mailer& mailer_;
  const SettingsService& settings_;
  MailLimits limits_;
};

}  // namespace atrium
