#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/mail/email.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/storage.hpp"

namespace atrium {

// What an API Owner decides about onboarding and email (DESIGN §3–§4). Stored in the settings
// table; the email fields may be overridden by the environment (PORTAL_SMTP_*, PORTAL_EMAIL_*).
struct PortalSettings {
  bool registration_allow = true;
  bool registration_auto_approve = false;
  bool consumer_admin_invites_allow = true;
  long long invitation_lifetime_hours = 168;  // 7 days
  long long confirmation_lifetime_hours = 48;
  long long reset_lifetime_minutes = 60;
  SmtpSettings smtp;
  std::string email_from;   // the From address; empty: no mail can be sent
  std::string email_admin;  // where owner notifications go; empty: every active API Owner

  // Mail can go out: a relay and a From address.
  bool can_send() const { return smtp.configured() && !email_from.empty(); }
};

// Email settings fixed by the environment; they win over stored values.
struct SettingsOverrides {
  std::optional<std::string> smtp_host;
  std::optional<int> smtp_port;
  std::optional<SmtpTls> smtp_tls;
  std::optional<std::string> smtp_user;
  std::optional<std::string> smtp_password;
  std::optional<std::string> email_from;
  std::optional<std::string> email_admin;
  std::string smtp_ca_file;  // configuration only, never stored
};

// A PUT's fields; absent ones are left as they are.
struct SettingsInput {
  std::optional<bool> registration_allow;
  std::optional<bool> registration_auto_approve;
  std::optional<bool> consumer_admin_invites_allow;
  std::optional<long long> invitation_lifetime_hours;
  std::optional<long long> confirmation_lifetime_hours;
  std::optional<long long> reset_lifetime_minutes;
  std::optional<std::string> smtp_host;
  std::optional<long long> smtp_port;
  std::optional<std::string> smtp_tls;
  std::optional<std::string> smtp_user;
  std::optional<std::string> smtp_password;
  std::optional<std::string> email_from;
  std::optional<std::string> email_admin;
};

// The effective settings and which fields (by their API names) the environment fixed.
struct SettingsView {
  PortalSettings settings;
  bool smtp_password_set = false;
  std::vector<std::string> from_environment;
};

struct TestEmailResult {
  bool sent = false;
  std::string recipient;
  std::string error_id;  // empty when sent
  std::string error;
};

class SettingsService {
 public:
  SettingsService(Database& db, EmailSender& sender, const Mailer& mailer, const Clock& clock,
                  SettingsOverrides overrides)
      : db_(db),
        sender_(sender),
        mailer_(mailer),
        clock_(clock),
        overrides_(std::move(overrides)) {}

  // Inside a caller's transaction (flows read them where they decide).
  Result<PortalSettings> load(Transaction& tx) const;
  Result<PortalSettings> current() const;
  // Whether self-registration is open now (false when the settings cannot be read).
  bool registration_open() const;

  Result<SettingsView> get(const Actor& actor) const;
  // Validates every field first; changes nothing on error. Changing a field the environment
  // fixes is refused (400 naming it): the stored value would never take effect. Only fields
  // whose value differs from the effective one are written and recorded in the audit log (none:
  // no event).
  Result<SettingsView> update(const Actor& actor, const SettingsInput& input);
  // Sends a test message now (not through the outbox) to `to`, or to the actor.
  Result<TestEmailResult> send_test(const Actor& actor, const std::optional<std::string>& to);

 private:
  Result<SettingsView> view(Transaction& tx) const;

  Database& db_;
  EmailSender& sender_;
  const Mailer& mailer_;
  const Clock& clock_;
  SettingsOverrides overrides_;
};

}  // namespace atrium
