#pragma once

#include "app/modules/directory_module.hpp"
#include "app/modules/mail_module.hpp"
#include "app/modules/routes.hpp"
#include "app/modules/settings_module.hpp"
#include "app/platform.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "domain/onboarding/password_reset_service.hpp"
#include "domain/onboarding/registration_service.hpp"

namespace atrium::app {

// Onboarding (DESIGN §3): invitations, self-registration with confirmation and approval, invite
// codes and password reset, over the admin API and in the Live and Admin Portals.
struct OnboardingModule {
  OnboardingModule(Platform& platform, DirectoryModule& directory, MailModule& mail,
                   SettingsModule& settings);
  void add_routes(const Routes& routes);

  UserService& users;
  OrganisationService& organisations;
  OnboardingDeps deps;
  InvitationService invitations;
  RegistrationService registrations;
  PasswordResetService resets;
  InviteCodeService invite_codes;
};

}  // namespace atrium::app
