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

// Invitations (DESIGN §3 flows 1 and 2): the registration link of a user an owner created without
// a password, a consumer-admin's invitations, and the email that goes with activation.
class InvitationService final : public OnboardingFlow, public UserLifecycleHooks {
 public:
  explicit InvitationService(const OnboardingDeps& deps) : OnboardingFlow(deps) {}

  // UserLifecycleHooks (called by UserService inside its transactions).
  Status created_without_password(Transaction& tx, const Actor& actor, const User& user,
                                  TimePoint now) override;
  Status active_changed(Transaction& tx, const User& user, TimePoint now) override;

  // Invitations.
  Result<InvitationView> invite(const Actor& actor, const InviteInput& input);
  // Owners: every pending invitation (or one organisation's); consumer-admins: their
  // organisation's (`organisation` is ignored). `search`: only invitees whose email, first or
  // last name starts with it.
  Result<PageOf<InvitationView>> list_invitations(
      const Actor& actor, const PageRequest& page,
      std::optional<OrganisationId> organisation = std::nullopt,
      std::optional<std::string> search = std::nullopt);
  // One pending invitation the actor may see (404 otherwise, as for resend and revoke).
  Result<InvitationView> get_invitation(const Actor& actor, InvitationId id);
  Result<InvitationView> resend_invitation(const Actor& actor, InvitationId id);
  // Deletes the invited user, who never signed in.
  Status revoke_invitation(const Actor& actor, InvitationId id);
  // POST /portal-api/users/{id}/invite: send (or resend) the registration link to a user who has
  // no password yet.
  Result<InvitationView> send_registration_link(const Actor& actor, std::string_view user_ref);
  // The invited user (for the "set your password" page); errors name why the link is refused.
  Result<User> invited_user(std::string_view token);
  Result<User> accept_invitation(const NewPasswordInput& input, const Requester& requester);

 private:
  // Creates or refreshes the user's invitation and emails a new link (voiding older ones).
  Result<Invitation> send_invitation(Transaction& tx, const Actor& actor, const User& user,
                                     const PortalSettings& settings, TimePoint now);
  Result<InvitationView> visible_invitation(Transaction& tx, const Actor& actor, InvitationId id);
};

}  // namespace atrium
