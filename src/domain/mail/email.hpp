#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace atrium {

// How to reach the SMTP relay. `host` empty means "not configured": mail stays queued.
enum class SmtpTls { kNone, kStartTls, kTls };

std::string_view to_string(SmtpTls tls);
// "none" | "starttls" | "tls"; nullopt-like failure as kInvalidArgument.
Result<SmtpTls> parse_smtp_tls(std::string_view text);

struct SmtpSettings {
  std::string host;
  int port = 25;
  SmtpTls tls = SmtpTls::kNone;
  std::string username;  // empty: no AUTH
  std::string password;
  std::chrono::seconds timeout{20};
  // A CA bundle (PEM) trusted for the relay's certificate instead of the system's store, e.g. a
  // private CA. Empty: the system's trust store. Certificates are always verified.
  std::string ca_file;

  bool configured() const { return !host.empty(); }
};

// One message ready to send: already rendered, addresses plain (no display names).
struct OutgoingEmail {
  std::string from;
  std::string to;
  std::string subject;  // UTF-8, one line
  std::string text;     // UTF-8 plain-text part
  std::string html;     // UTF-8 HTML part; empty: text only
};

// Sends one message now. Implemented over libcurl in src/mail; a failure comes back as
// kUnavailable with a client-safe message naming what failed (connect, TLS, auth, recipient
// refused…) and never the password.
class EmailSender {
 public:
  virtual ~EmailSender() = default;
  virtual Status send(const SmtpSettings& smtp, const OutgoingEmail& email) = 0;
};

// The emails the portal sends (DESIGN §4). Each has a text and an HTML template.
enum class EmailKind {
  kInvitation,            // link to set a password: {{link}}, {{inviter}} (may be empty)
  kRegistrationConfirm,   // confirm the address: {{link}}
  kAlreadyRegistered,     // someone tried to register an existing address: {{login_link}},
                          // {{reset_link}}
  kAwaitingApproval,      // to owners: {{user_email}}, {{user_name}}, {{link}} (admin page)
  kRegistrationApproved,  // {{login_link}}
  kRegistrationRejected,  // no extra values
  kAccountActivated,      // {{login_link}}
  kAccountDeactivated,    // no extra values
  kPasswordReset,         // {{link}}
  kTest,                  // the settings' "send test email"
  // Access requests (DESIGN §10): {{app_name}}, {{products}}, {{plan}}, {{link}}; to owners also
  // {{user_email}}; a rejection also {{reason}} (may be empty).
  kAccessRequested,
  kAccessApproved,
  kAccessRejected,
};

std::string_view to_string(EmailKind kind);  // e.g. "invitation", used in template file names

// Values a template may use. Every template also gets {{portal_name}}, {{portal_url}},
// {{first}}, {{last}} and {{email}} (of the recipient) from the caller.
using EmailValues = std::map<std::string, std::string>;

struct EmailContent {
  std::string subject;
  std::string text;
  std::string html;
};

// Renders an email from its templates. Implemented in src/mail (mustache, operator-overridable).
class EmailComposer {
 public:
  virtual ~EmailComposer() = default;
  virtual Result<EmailContent> compose(EmailKind kind, const EmailValues& values) const = 0;
};

}  // namespace atrium
