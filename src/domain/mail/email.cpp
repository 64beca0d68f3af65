#include "domain/mail/email.hpp"

#include "core/enum_names.hpp"

namespace atrium {

namespace {

constexpr EnumNames<SmtpTls, 3> kSmtpTlsNames{{
    {SmtpTls::kNone, "none"},
    {SmtpTls::kStartTls, "starttls"},
    {SmtpTls::kTls, "tls"},
}};

constexpr EnumNames<EmailKind, 13> kEmailKindNames{{
    {EmailKind::kInvitation, "invitation"},
    {EmailKind::kRegistrationConfirm, "registration_confirm"},
    {EmailKind::kAlreadyRegistered, "already_registered"},
    {EmailKind::kAwaitingApproval, "awaiting_approval"},
    {EmailKind::kRegistrationApproved, "registration_approved"},
    {EmailKind::kRegistrationRejected, "registration_rejected"},
    {EmailKind::kAccountActivated, "account_activated"},
    {EmailKind::kAccountDeactivated, "account_deactivated"},
    {EmailKind::kPasswordReset, "password_reset"},
    {EmailKind::kTest, "test"},
    {EmailKind::kAccessRequested, "access_requested"},
    {EmailKind::kAccessApproved, "access_approved"},
    {EmailKind::kAccessRejected, "access_rejected"},
}};

}  // namespace

std::string_view to_string(SmtpTls tls) { return enum_name(kSmtpTlsNames, tls); }

Result<SmtpTls> parse_smtp_tls(std::string_view text) {
  if (auto tls = parse_enum(kSmtpTlsNames, text)) return *tls;
  return fail(invalid_argument("smtp.tls_invalid", "TLS mode must be none, starttls or tls"));
}

std::string_view to_string(EmailKind kind) { return enum_name(kEmailKindNames, kind); }

}  // namespace atrium
