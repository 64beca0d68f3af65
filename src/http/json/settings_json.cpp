#include "http/json/settings_json.hpp"

#include "core/time_format.hpp"
#include "http/json/json_values.hpp"

namespace atrium::http {

// Never the SMTP password: only whether one is set.
nlohmann::json settings_json(const SettingsView& view) {
  const PortalSettings& s = view.settings;
  return {{"RegistrationAllow", s.registration_allow},
          {"RegistrationAutoApprove", s.registration_auto_approve},
          {"ConsumerAdminInvitesAllow", s.consumer_admin_invites_allow},
          {"InvitationLifetimeHours", s.invitation_lifetime_hours},
          {"ConfirmationLifetimeHours", s.confirmation_lifetime_hours},
          {"PasswordResetLifetimeMinutes", s.reset_lifetime_minutes},
          {"EmailSMTPHost", s.smtp.host},
          {"EmailSMTPPort", s.smtp.port},
          {"EmailSMTPTLS", to_string(s.smtp.tls)},
          {"EmailSMTPUser", s.smtp.username},
          {"EmailSMTPPassSet", view.smtp_password_set},
          {"EmailDefaultFrom", s.email_from},
          {"EmailAdmin", s.email_admin},
          {"FromEnvironment", view.from_environment}};
}

}  // namespace atrium::http
