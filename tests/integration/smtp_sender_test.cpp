// CurlSmtpSender against a real SMTP server (aiosmtpd, tests/support/smtp_server.py): plain,
// STARTTLS, SMTPS, AUTH, refusals and a server that is down. What arrives is decoded by Python's
// email package, not by our code, so these tests also check the MIME we write.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "mail/curl_smtp_sender.hpp"
#include "support/counting_random.hpp"
#include "support/smtp_sink.hpp"
#include "support/temp_dir.hpp"

namespace atrium::testing {
namespace {

OutgoingEmail sample_email() {
  OutgoingEmail email;
  email.from = "portal@atrium.test";
  email.to = "ada@example.com";
  email.subject = "Welcome to Atrium, Ada";
  email.text = "Hello Ada,\n\nSet your password: https://portal.example.com/set?token=abc123\n";
  email.html =
      "<p>Hello Ada,</p>\n<p><a href=\"https://portal.example.com/set?token=abc123\">Set your "
      "password</a></p>\n";
  return email;
}

// SmtpSinkOptions field by field (GCC warns about designated initialisers that skip fields).
SmtpSinkOptions sink_options(SmtpTls tls = SmtpTls::kNone, const TestCertificate& cert = {},
                             std::string user = {}, std::string password = {}) {
  SmtpSinkOptions options;
  options.tls = tls;
  options.cert_file = cert.cert_file;
  options.key_file = cert.key_file;
  options.auth_user = std::move(user);
  options.auth_password = std::move(password);
  return options;
}

// Every line of the raw message ends in CRLF and fits in 78 characters (RFC 5322 §2.1.1).
void expect_short_crlf_lines(const std::string& raw) {
  std::size_t start = 0;
  while (start < raw.size()) {
    const auto end = raw.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "unterminated last line";
    const std::string line = raw.substr(start, end - start);
    EXPECT_LE(line.size(), 78U) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF in: " << line;
    start = end + 2;
  }
}

class SmtpSenderTest : public ::testing::Test {
 protected:
  Status send(const SmtpSettings& settings, const OutgoingEmail& email = sample_email()) {
    return sender_.send(settings, email);
  }

  TempDir dir_;
  SystemClock clock_;
  CountingRandom random_;
  mail::CurlSmtpSender sender_{clock_, random_};
};

TEST_F(SmtpSenderTest, PlainSmtpDeliversTextAndHtmlParts) {
  SmtpSink sink;
  ASSERT_TRUE(send(sink.settings()));
  const auto received = sink.wait_for_messages(1);
  ASSERT_EQ(received.size(), 1U);
  const ReceivedEmail& message = received[0];
  const OutgoingEmail sent = sample_email();
  EXPECT_EQ(message.mail_from, sent.from);
  EXPECT_EQ(message.rcpt_to, std::vector<std::string>{sent.to});
  EXPECT_FALSE(message.tls);
  EXPECT_EQ(message.header("From"), sent.from);
  EXPECT_EQ(message.header("To"), sent.to);
  EXPECT_EQ(message.subject, sent.subject);
  EXPECT_EQ(message.content_type, "multipart/alternative");
  ASSERT_TRUE(message.text && message.html);
  EXPECT_EQ(*message.text, sent.text);
  EXPECT_EQ(*message.html, sent.html);
  EXPECT_EQ(extract_link(*message.text, "https://portal.example.com/set"),
            "https://portal.example.com/set?token=abc123");
  EXPECT_EQ(extract_link(*message.html, "https://portal.example.com/set"),
            "https://portal.example.com/set?token=abc123");
  EXPECT_TRUE(message.header("Date"));
  EXPECT_TRUE(message.header("Message-ID"));
  EXPECT_EQ(message.header("MIME-Version"), "1.0");
  EXPECT_TRUE(message.defects.empty()) << message.defects.front();
  expect_short_crlf_lines(message.raw);
}

TEST_F(SmtpSenderTest, Utf8SubjectAndBodyArriveIntact) {
  SmtpSink sink;
  OutgoingEmail email = sample_email();
  email.subject =
      "Grüße aus Zürich — 你好，世界 — 😀 an invitation with a subject far longer than one "
      "header line, so that it must be folded into several encoded words";
  std::string long_line;
  for (int i = 0; i < 30; ++i) long_line += "ünïcödé=" + std::to_string(i) + " ";
  email.text = "Señor Ñandú,\n" + long_line + "\n.a line starting with a dot\nFrom here on\n" +
               "trailing space \n\ttab\n\nend";
  email.html = "<p>Señor Ñandú 😀</p>\n<p>" + long_line + "</p>";
  ASSERT_TRUE(send(sink.settings(), email));
  const auto received = sink.wait_for_messages(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].subject, email.subject);
  ASSERT_TRUE(received[0].text && received[0].html);
  EXPECT_EQ(*received[0].text, email.text);
  EXPECT_EQ(*received[0].html, email.html);
  EXPECT_TRUE(received[0].defects.empty()) << received[0].defects.front();
  expect_short_crlf_lines(received[0].raw);
  // 8-bit data never travels raw.
  for (char c : received[0].raw) ASSERT_LT(static_cast<unsigned char>(c), 0x80U);
}

TEST_F(SmtpSenderTest, TextOnlyWhenThereIsNoHtml) {
  SmtpSink sink;
  OutgoingEmail email = sample_email();
  email.html.clear();
  ASSERT_TRUE(send(sink.settings(), email));
  const auto received = sink.wait_for_messages(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].content_type, "text/plain");
  EXPECT_EQ(received[0].text, email.text);
  EXPECT_FALSE(received[0].html);
}

TEST_F(SmtpSenderTest, StartTlsWithTheCertificateAsCaFile) {
  const TestCertificate cert = make_test_certificate(dir_.path());
  SmtpSink sink(sink_options(SmtpTls::kStartTls, cert, "mailer", "pw-1"));
  ASSERT_TRUE(send(sink.settings()));
  const auto received = sink.wait_for_messages(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_TRUE(received[0].tls);
  EXPECT_EQ(received[0].auth_user, "mailer");
  EXPECT_EQ(received[0].text, sample_email().text);
}

TEST_F(SmtpSenderTest, StartTlsRefusesACertificateItDoesNotTrust) {
  const TestCertificate cert = make_test_certificate(dir_.path());
  SmtpSink sink(sink_options(SmtpTls::kStartTls, cert));
  SmtpSettings settings = sink.settings();
  settings.ca_file.clear();  // the system's trust store does not know the self-signed one
  const Status status = send(settings);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().id, "smtp.tls_failed");
  EXPECT_NE(status.error().message.find("127.0.0.1"), std::string::npos) << status.error().message;
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SmtpSenderTest, StartTlsRequiredButNotOffered) {
  SmtpSink sink;  // plain only
  SmtpSettings settings = sink.settings();
  settings.tls = SmtpTls::kStartTls;
  const Status status = send(settings);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().id, "smtp.tls_failed");
  EXPECT_NE(status.error().message.find("STARTTLS"), std::string::npos) << status.error().message;
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SmtpSenderTest, ImplicitTls) {
  const TestCertificate cert = make_test_certificate(dir_.path());
  SmtpSink sink(sink_options(SmtpTls::kTls, cert, "mailer", "pw-2"));
  ASSERT_TRUE(send(sink.settings()));
  const auto received = sink.wait_for_messages(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_TRUE(received[0].tls);
  EXPECT_EQ(received[0].auth_user, "mailer");
}

TEST_F(SmtpSenderTest, ImplicitTlsAgainstAPlainServerFails) {
  SmtpSink sink;
  SmtpSettings settings = sink.settings();
  settings.tls = SmtpTls::kTls;
  const Status status = send(settings);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().id, "smtp.tls_failed");
}

TEST_F(SmtpSenderTest, AuthSucceedsWithTheRightPassword) {
  SmtpSink sink(sink_options(SmtpTls::kNone, {}, "mailer", "right horse battery"));
  ASSERT_TRUE(send(sink.settings()));
  const auto received = sink.wait_for_messages(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].auth_user, "mailer");
}

TEST_F(SmtpSenderTest, WrongPasswordIsAnAuthFailureThatNeverShowsThePassword) {
  SmtpSink sink(sink_options(SmtpTls::kNone, {}, "mailer", "right horse battery"));
  SmtpSettings settings = sink.settings();
  settings.password = "Wr0ng-Pa55word";
  const Status status = send(settings);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().id, "smtp.auth_failed");
  EXPECT_NE(status.error().message.find("535"), std::string::npos) << status.error().message;
  EXPECT_EQ(status.error().message.find(settings.password), std::string::npos);
  EXPECT_EQ(status.error().detail.find(settings.password), std::string::npos);
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SmtpSenderTest, RefusedRecipient) {
  SmtpSinkOptions options;
  options.fail_rcpt = {"ada@example.com"};
  SmtpSink sink(options);
  const Status status = send(sink.settings());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().id, "smtp.recipient_refused");
  EXPECT_NE(status.error().message.find("550"), std::string::npos) << status.error().message;
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SmtpSenderTest, ServerDownThenBackOnTheSamePort) {
  SmtpSink sink;
  const int port = sink.port();
  sink.stop();
  const Status down = send(sink.settings());
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(down.error().id, "smtp.connect_failed");
  EXPECT_NE(down.error().message.find(std::to_string(port)), std::string::npos)
      << down.error().message;

  sink.start();
  EXPECT_EQ(sink.port(), port);
  ASSERT_TRUE(send(sink.settings()));
  EXPECT_EQ(sink.wait_for_messages(1).size(), 1U);
}

TEST_F(SmtpSenderTest, HeaderInjectionIsRefusedBeforeConnecting) {
  SmtpSink sink;
  OutgoingEmail email = sample_email();
  email.subject = "Hello\r\nBcc: victim@example.com";
  const Status status = send(sink.settings(), email);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  email = sample_email();
  email.to = "ada@example.com\nBcc: victim@example.com";
  EXPECT_EQ(send(sink.settings(), email).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(send(sink.settings()));  // the server was up all along
  EXPECT_EQ(sink.wait_for_messages(1).size(), 1U);
}

TEST_F(SmtpSenderTest, UnconfiguredSettingsAreRefused) {
  const Status status = send(SmtpSettings{});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().id, "smtp.not_configured");
}

TEST_F(SmtpSenderTest, ConcurrentSendsAllArrive) {
  SmtpSink sink;
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::vector<char> sent(kThreads, 0);  // not vector<bool>: threads write neighbouring elements
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      OutgoingEmail email = sample_email();
      email.to = "user" + std::to_string(i) + "@example.com";
      sent[static_cast<std::size_t>(i)] = sender_.send(sink.settings(), email) ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) EXPECT_TRUE(sent[static_cast<std::size_t>(i)]) << i;
  const auto received = sink.wait_for_messages(kThreads);
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kThreads));
  std::set<std::string> recipients;
  std::set<std::string> message_ids;
  for (const auto& message : received) {
    recipients.insert(message.rcpt_to.at(0));
    message_ids.insert(message.header("Message-ID").value_or(""));
  }
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(message_ids.size(), static_cast<std::size_t>(kThreads));
}

}  // namespace
}  // namespace atrium::testing
