#include "domain/settings/portal_settings.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/field_errors.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/identity/email.hpp"
#include "domain/settings/settings_repository.hpp"

namespace atrium {

namespace {

// Stored keys are the API's field names.
constexpr std::string_view kRegistrationAllow = "RegistrationAllow";
constexpr std::string_view kRegistrationAutoApprove = "RegistrationAutoApprove";
constexpr std::string_view kConsumerAdminInvitesAllow = "ConsumerAdminInvitesAllow";
constexpr std::string_view kInvitationLifetime = "InvitationLifetimeHours";
constexpr std::string_view kConfirmationLifetime = "ConfirmationLifetimeHours";
constexpr std::string_view kResetLifetime = "PasswordResetLifetimeMinutes";
constexpr std::string_view kSmtpHost = "EmailSMTPHost";
constexpr std::string_view kSmtpPort = "EmailSMTPPort";
constexpr std::string_view kSmtpTls = "EmailSMTPTLS";
constexpr std::string_view kSmtpUser = "EmailSMTPUser";
constexpr std::string_view kSmtpPass = "EmailSMTPPass";
constexpr std::string_view kEmailFrom = "EmailDefaultFrom";
constexpr std::string_view kEmailAdmin = "EmailAdmin";

constexpr std::size_t kMaxHost = 253;
constexpr std::size_t kMaxCredential = 256;

std::optional<long long> parse_number(const std::string& text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Applies stored text values; a value the service never writes (edited by hand) is ignored.
void apply_stored(const std::map<std::string, std::string>& stored, PortalSettings& out) {
  auto text = [&](std::string_view key) -> const std::string* {
    const auto it = stored.find(std::string(key));
    return it == stored.end() ? nullptr : &it->second;
  };
  auto flag = [&](std::string_view key, bool& field) {
    if (const auto* v = text(key); v && (*v == "true" || *v == "false")) field = *v == "true";
  };
  auto number = [&](std::string_view key, long long& field) {
    if (const auto* v = text(key)) {
      if (const auto n = parse_number(*v)) field = *n;
    }
  };
  flag(kRegistrationAllow, out.registration_allow);
  flag(kRegistrationAutoApprove, out.registration_auto_approve);
  flag(kConsumerAdminInvitesAllow, out.consumer_admin_invites_allow);
  number(kInvitationLifetime, out.invitation_lifetime_hours);
  number(kConfirmationLifetime, out.confirmation_lifetime_hours);
  number(kResetLifetime, out.reset_lifetime_minutes);
  if (const auto* v = text(kSmtpHost)) out.smtp.host = *v;
  long long port = out.smtp.port;
  number(kSmtpPort, port);
  out.smtp.port = static_cast<int>(port);
  if (const auto* v = text(kSmtpTls)) {
    if (auto tls = parse_smtp_tls(*v)) out.smtp.tls = *tls;
  }
  if (const auto* v = text(kSmtpUser)) out.smtp.username = *v;
  if (const auto* v = text(kSmtpPass)) out.smtp.password = *v;
  if (const auto* v = text(kEmailFrom)) out.email_from = *v;
  if (const auto* v = text(kEmailAdmin)) out.email_admin = *v;
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Validates one text setting; returns the value to store.
std::optional<std::string> check_text(FieldErrors& errors, std::string_view field,
                                      const std::string& value, std::size_t max, bool spaces) {
  if (value.size() > max) {
    errors.add(std::string(field), "must be at most " + std::to_string(max) + " bytes");
    return std::nullopt;
  }
  if (has_control(value) || (!spaces && value.find(' ') != std::string::npos)) {
    errors.add(std::string(field),
               spaces ? "must not contain control characters" : "must not contain spaces");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> check_address(FieldErrors& errors, std::string_view field,
                                         const std::string& value) {
  if (value.empty()) return value;
  return errors.take(normalise_email(value, field));
}

void check_range(FieldErrors& errors, std::string_view field, long long value, long long min,
                 long long max) {
  if (value < min || value > max) {
    errors.add(std::string(field),
               "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
}

}  // namespace

Result<PortalSettings> SettingsService::load(Transaction& tx) const {
  ATRIUM_ASSIGN_OR_RETURN(auto stored, tx.get<SettingsRepository>().load_all());
  PortalSettings out;
  apply_stored(stored, out);
  if (overrides_.smtp_host) out.smtp.host = *overrides_.smtp_host;
  if (overrides_.smtp_port) out.smtp.port = *overrides_.smtp_port;
  if (overrides_.smtp_tls) out.smtp.tls = *overrides_.smtp_tls;
  if (overrides_.smtp_user) out.smtp.username = *overrides_.smtp_user;
  if (overrides_.smtp_password) out.smtp.password = *overrides_.smtp_password;
  if (overrides_.email_from) out.email_from = *overrides_.email_from;
  if (overrides_.email_admin) out.email_admin = *overrides_.email_admin;
  out.smtp.ca_file = overrides_.smtp_ca_file;
  return out;
}

Result<PortalSettings> SettingsService::current() const {
  return db_.read_result([&](Transaction& tx) { return load(tx); });
}

Result<SettingsView> SettingsService::view(Transaction& tx) const {
  ATRIUM_ASSIGN_OR_RETURN(auto settings, load(tx));
  SettingsView out;
  out.settings = std::move(settings);
  out.smtp_password_set = !out.settings.smtp.password.empty();
  auto note = [&](bool fixed, std::string_view name) {
    if (fixed) out.from_environment.emplace_back(name);
  };
  note(overrides_.smtp_host.has_value(), kSmtpHost);
  note(overrides_.smtp_port.has_value(), kSmtpPort);
  note(overrides_.smtp_tls.has_value(), kSmtpTls);
  note(overrides_.smtp_user.has_value(), kSmtpUser);
  note(overrides_.smtp_password.has_value(), kSmtpPass);
  note(overrides_.email_from.has_value(), kEmailFrom);
  note(overrides_.email_admin.has_value(), kEmailAdmin);
  return out;
}

Result<SettingsView> SettingsService::get(const Actor& actor) const {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageSettings));
  return db_.read_result([&](Transaction& tx) { return view(tx); });
}

namespace {

// The stored values a PUT /portal-api/settings asks for, checked field by field.
struct SettingsWrites {
  FieldErrors errors;
  std::vector<std::pair<std::string_view, std::string>> writes;

  // A field the operator fixed (environment, file or flag) cannot be changed here.
  bool fixed(bool overridden, std::string_view field, std::string_view variable) {
    if (!overridden) return false;
    errors.add(std::string(field),
               "is set by the environment (" + std::string(variable) + ") and cannot be changed");
    return true;
  }
  void flag(const std::optional<bool>& value, std::string_view key) {
    if (value) writes.emplace_back(key, *value ? "true" : "false");
  }
  void number(const std::optional<long long>& value, std::string_view key, long long min,
              long long max) {
    if (!value) return;
    check_range(errors, key, *value, min, max);
    writes.emplace_back(key, std::to_string(*value));
  }
  void text(const std::optional<std::string>& value, std::string_view key, std::size_t max,
            bool secret) {
    if (!value) return;
    if (auto v = check_text(errors, key, *value, max, secret)) writes.emplace_back(key, *v);
  }
  void address(const std::optional<std::string>& value, std::string_view key) {
    if (!value) return;
    if (auto v = check_address(errors, key, *value)) writes.emplace_back(key, *v);
  }
};

void check_flows(const SettingsInput& in, SettingsWrites& w) {
  w.flag(in.registration_allow, kRegistrationAllow);
  w.flag(in.registration_auto_approve, kRegistrationAutoApprove);
  w.flag(in.consumer_admin_invites_allow, kConsumerAdminInvitesAllow);
  w.number(in.invitation_lifetime_hours, kInvitationLifetime, 1, 720);
  w.number(in.confirmation_lifetime_hours, kConfirmationLifetime, 1, 720);
  w.number(in.reset_lifetime_minutes, kResetLifetime, 5, 1440);
}

void check_email(const SettingsInput& in, const SettingsOverrides& fixed, SettingsWrites& w) {
  if (in.smtp_host && !w.fixed(fixed.smtp_host.has_value(), kSmtpHost, "PORTAL_SMTP_HOST")) {
    w.text(in.smtp_host, kSmtpHost, kMaxHost, false);
  }
  if (in.smtp_port && !w.fixed(fixed.smtp_port.has_value(), kSmtpPort, "PORTAL_SMTP_PORT")) {
    w.number(in.smtp_port, kSmtpPort, 1, 65535);
  }
  if (in.smtp_tls && !w.fixed(fixed.smtp_tls.has_value(), kSmtpTls, "PORTAL_SMTP_TLS")) {
    if (parse_smtp_tls(*in.smtp_tls)) {
      w.writes.emplace_back(kSmtpTls, *in.smtp_tls);
    } else {
      w.errors.add(std::string(kSmtpTls), "must be none, starttls or tls");
    }
  }
  if (in.smtp_user && !w.fixed(fixed.smtp_user.has_value(), kSmtpUser, "PORTAL_SMTP_USERNAME")) {
    w.text(in.smtp_user, kSmtpUser, kMaxCredential, false);
  }
  if (in.smtp_password &&
      !w.fixed(fixed.smtp_password.has_value(), kSmtpPass, "PORTAL_SMTP_PASSWORD")) {
    w.text(in.smtp_password, kSmtpPass, kMaxCredential, true);
  }
  if (in.email_from && !w.fixed(fixed.email_from.has_value(), kEmailFrom, "PORTAL_EMAIL_FROM")) {
    w.address(in.email_from, kEmailFrom);
  }
  if (in.email_admin &&
      !w.fixed(fixed.email_admin.has_value(), kEmailAdmin, "PORTAL_EMAIL_ADMIN")) {
    w.address(in.email_admin, kEmailAdmin);
  }
}

// A setting's effective value as the service stores it, to tell a write that changes nothing.
std::string effective_text(const PortalSettings& s, std::string_view key) {
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  if (key == kRegistrationAllow) return flag(s.registration_allow);
  if (key == kRegistrationAutoApprove) return flag(s.registration_auto_approve);
  if (key == kConsumerAdminInvitesAllow) return flag(s.consumer_admin_invites_allow);
  if (key == kInvitationLifetime) return std::to_string(s.invitation_lifetime_hours);
  if (key == kConfirmationLifetime) return std::to_string(s.confirmation_lifetime_hours);
  if (key == kResetLifetime) return std::to_string(s.reset_lifetime_minutes);
  if (key == kSmtpHost) return s.smtp.host;
  if (key == kSmtpPort) return std::to_string(s.smtp.port);
  if (key == kSmtpTls) return std::string(to_string(s.smtp.tls));
  if (key == kSmtpUser) return s.smtp.username;
  if (key == kSmtpPass) return s.smtp.password;
  if (key == kEmailFrom) return s.email_from;
  return s.email_admin;  // kEmailAdmin
}

}  // namespace

Result<SettingsView> SettingsService::update(const Actor& actor, const SettingsInput& in) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageSettings));
  SettingsWrites checked;
  check_flows(in, checked);
  check_email(in, overrides_, checked);
  FieldErrors& errors = checked.errors;
  const auto& writes = checked.writes;
  ATRIUM_TRY(errors.finish("settings.invalid"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<SettingsView> {
    ATRIUM_ASSIGN_OR_RETURN(const PortalSettings before, load(tx));
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& [key, value] : writes) {
      // A form sends every field: only what differs is written and recorded.
      if (effective_text(before, key) == value) continue;
      ATRIUM_TRY(tx.get<SettingsRepository>().put(key, value, now));
      // Never the SMTP password itself (DESIGN §8: secrets stay out of logs and answers).
      changes[std::string(key)] = key == kSmtpPass ? "set" : value;
    }
    if (!changes.empty()) {
      ATRIUM_TRY(record_audit(tx, actor, now, "settings.update", "settings", "portal", std::nullopt,
                              changes));
    }
    return view(tx);
  });
}

Result<TestEmailResult> SettingsService::send_test(const Actor& actor,
                                                   const std::optional<std::string>& to) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageSettings));
  TestEmailResult out;
  out.recipient = actor.email;
  if (to) {
    ATRIUM_ASSIGN_OR_RETURN(auto address, normalise_email(*to, "To"));
    out.recipient = address;
  }
  ATRIUM_ASSIGN_OR_RETURN(auto settings, current());
  if (!settings.can_send()) {
    out.error_id = "smtp.not_configured";
    out.error = "no SMTP host or From address is configured";
  } else {
    ATRIUM_ASSIGN_OR_RETURN(auto content,
                            mailer_.compose(EmailKind::kTest, out.recipient, nullptr, {}));
    const Status sent =
        sender_.send(settings.smtp, OutgoingEmail{settings.email_from, out.recipient,
                                                  content.subject, content.text, content.html});
    out.sent = sent.has_value();
    if (!sent) {
      out.error_id = sent.error().id;
      out.error = sent.error().message;
    }
  }
  const TimePoint now = clock_.now();
  ATRIUM_TRY(db_.write([&](Transaction& tx) {
    return record_audit(tx, actor, now, "settings.email_test", "settings", "portal", std::nullopt,
                        {{"To", out.recipient}, {"Sent", out.sent}, {"Error", out.error_id}});
  }));
  return out;
}

bool SettingsService::registration_open() const {
  auto settings = current();
  return settings && settings->registration_allow;
}

}  // namespace atrium
