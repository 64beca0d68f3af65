#pragma once

#include "core/clock.hpp"
#include "core/random.hpp"
#include "domain/mail/email.hpp"

namespace atrium::mail {

// Sends one message over SMTP with libcurl: smtp:// (tls = none), smtp:// upgraded with
// STARTTLS, which must succeed (starttls), or smtps:// (tls). Certificates and host names are
// always verified, against the system's trust store or `ca_file`. AUTH is used when a user name
// is set; the whole exchange must finish within `timeout`.
//
// Thread-safe: each send uses its own curl handle (libcurl is initialised once per process).
// The clock and the random source (Date, Message-ID, boundary) must outlive the sender.
//
// Failures are kUnavailable, with a stable id and a message naming the server, what failed,
// curl's reason and the SMTP reply code, and never the password:
//   smtp.connect_failed    no connection (refused, unknown host, timed out before a greeting)
//   smtp.tls_failed        TLS handshake, certificate check, or STARTTLS not offered
//   smtp.auth_failed       credentials refused
//   smtp.sender_refused    MAIL FROM refused
//   smtp.recipient_refused RCPT TO refused
//   smtp.timeout           the exchange did not finish within `timeout`
//   smtp.send_failed       anything else (message refused after DATA, connection lost, …)
// A message that cannot be built (header injection, bad address) is kInvalidArgument, and
// settings without a host are kInvalidArgument "smtp.not_configured".
class CurlSmtpSender final : public EmailSender {
 public:
  CurlSmtpSender(const Clock& clock, Random& random);

  Status send(const SmtpSettings& smtp, const OutgoingEmail& email) override;

 private:
  const Clock& clock_;
  Random& random_;
};

}  // namespace atrium::mail
