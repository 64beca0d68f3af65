#include "domain/mail/email.hpp"

namespace atrium {

std::string_view to_string(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::kNone:
      return "none";
    case SmtpTls::kStartTls:
      return "starttls";
    case SmtpTls::kTls:
      return "tls";
  }
  return "none";
}

Result<SmtpTls> parse_smtp_tls(std::string_view text) {
  if (text == "none") return SmtpTls::kNone;
  if (text == "starttls") return SmtpTls::kStartTls;
  if (text == "tls") return SmtpTls::kTls;
  return fail(invalid_argument("smtp.tls_invalid", "TLS mode must be none, starttls or tls"));
}

std::string_view to_string(EmailKind kind) {
  switch (kind) {
    case EmailKind::kInvitation:
      return "invitation";
    case EmailKind::kRegistrationConfirm:
      return "registration_confirm";
    case EmailKind::kAlreadyRegistered:
      return "already_registered";
    case EmailKind::kAwaitingApproval:
      return "awaiting_approval";
    case EmailKind::kRegistrationApproved:
      return "registration_approved";
    case EmailKind::kRegistrationRejected:
      return "registration_rejected";
    case EmailKind::kAccountActivated:
      return "account_activated";
    case EmailKind::kAccountDeactivated:
      return "account_deactivated";
    case EmailKind::kPasswordReset:
      return "password_reset";
    case EmailKind::kTest:
      return "test";
  }
  return "test";
}

}  // namespace atrium
