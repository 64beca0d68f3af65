#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/mail/email.hpp"
#include "support/temp_dir.hpp"

namespace atrium::testing {

struct SmtpSinkOptions {
  SmtpTls tls = SmtpTls::kNone;  // kStartTls: STARTTLS offered and required; kTls: SMTPS
  std::string cert_file;         // PEM certificate and key, for kStartTls and kTls
  std::string key_file;
  std::string auth_user;  // non-empty: AUTH LOGIN / PLAIN required with these credentials
  std::string auth_password;
  std::vector<std::string> fail_rcpt;  // RCPT TO these addresses gets 550
};

// One message as the server received it, decoded by Python's email package (not by our code).
struct ReceivedEmail {
  std::string raw;  // the bytes of DATA
  std::string mail_from;
  std::vector<std::string> rcpt_to;  // envelope recipients
  bool tls = false;                  // the message arrived over TLS (STARTTLS or SMTPS)
  std::string auth_user;             // the AUTH user name, empty without AUTH
  std::vector<std::pair<std::string, std::string>> headers;  // decoded values, in order
  std::string subject;                                       // decoded
  std::string content_type;          // of the message: multipart/alternative, text/plain…
  std::optional<std::string> text;   // the text/plain part, decoded, "\n" line breaks
  std::optional<std::string> html;   // the text/html part, decoded, "\n" line breaks
  std::vector<std::string> defects;  // what Python found wrong with the MIME structure

  // The first header of that name (case-insensitive), decoded.
  std::optional<std::string> header(std::string_view name) const;
};

// A real SMTP server (tests/support/smtp_server.py on Debian's python3-aiosmtpd) in a child
// process on 127.0.0.1, keeping what it receives in a temporary maildir.
class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  // Settings that reach this server (host 127.0.0.1, its port, TLS mode and credentials; the
  // certificate as ca_file).
  SmtpSettings settings() const;

  // Stops the server (connections are refused until start()); received messages are kept.
  void stop();
  // Starts it again on the same port. Throws std::runtime_error when it cannot.
  void start();
  bool running() const { return pid_ > 0; }

  // Every message received so far, oldest first, once there are at least `count` or `timeout`
  // has passed (then fewer: the test's assertion on the size says what went wrong).
  std::vector<ReceivedEmail> wait_for_messages(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // The same for the messages to `to` (an envelope recipient).
  std::vector<ReceivedEmail> wait_for_messages_to(
      const std::string& to, std::size_t count,
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Every message received so far, now.
  std::vector<ReceivedEmail> messages() const;

 private:
  void spawn(int port);

  SmtpSinkOptions options_;
  TempDir dir_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;  // closing it makes the server exit
  int port_ = 0;
};

// The first URL in `text` that starts with `prefix`, up to whitespace, a quote or '<' and without
// trailing sentence punctuation; empty when there is none.
std::string extract_link(std::string_view text, std::string_view prefix);

struct TestCertificate {
  std::string cert_file;
  std::string key_file;
};

// A fresh self-signed certificate for localhost and 127.0.0.1 (openssl CLI), in `dir`.
TestCertificate make_test_certificate(const std::filesystem::path& dir);

}  // namespace atrium::testing
