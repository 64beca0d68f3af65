// CurlSmtpSender against a real SMTP server (aiosmtpd, tests/support/smtp_server.py): plain,
// STARTTLS, SMTPS, AUTH, refusals and a server that is down. What arrives is decoded by Python's
// email package, not by our code, so these tests also check the MIME we write.
#include <gtest/gtest.h>

#include <optional>
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
  return OutgoingEmail{
      "portal@atrium.test", "ada@example.com", "Welcome to Atrium, Ada",
      "Hello Ada,\n\nSet your password: https://portal.example.com/set?token=abc123\n",
      "<p>Hello Ada,</p>\n<p><a href=\"https://portal.example.com/set?token=abc123\">Set your "
      "password</a></p>\n"};
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

  // Sends and returns the one message the server received; nullopt (and a failure) otherwise.
  std::optional<ReceivedEmail> deliver(const SmtpSink& sink, const SmtpSettings& settings,
                                       const OutgoingEmail& email = sample_email()) {
    const Status status = send(settings, email);
    if (!status) {
      ADD_FAILURE() << status.error().id << ": " << status.error().message;
      return std::nullopt;
    }
    auto received = sink.wait_for_messages(1);
    if (received.size() != 1) {
      ADD_FAILURE() << received.size() << " messages received";
      return std::nullopt;
    }
    return std::move(received[0]);
  }

  // The error of a send that must fail, after checking that nothing arrived.
  Error refusal(const SmtpSink& sink, const SmtpSettings& settings,
                const OutgoingEmail& email = sample_email()) {
    const Status status = send(settings, email);
    EXPECT_TRUE(sink.messages().empty());
    if (status) {
      ADD_FAILURE() << "the message was sent";
      return Error{};
    }
    if (!settings.password.empty()) {
      EXPECT_EQ(status.error().message.find(settings.password), std::string::npos)
          << status.error().message;
    }
    return status.error();
  }

  TempDir dir_;
  SystemClock clock_;
  CountingRandom random_;
  mail::CurlSmtpSender sender_{clock_, random_};
};

TEST_F(SmtpSenderTest, PlainSmtpDeliversTextAndHtmlParts) {
  SmtpSink sink;
  const auto message = deliver(sink, sink.settings());
  ASSERT_TRUE(message);
  const OutgoingEmail sent = sample_email();
  EXPECT_EQ(message->mail_from, sent.from);
  EXPECT_EQ(message->rcpt_to, std::vector<std::string>{sent.to});
  EXPECT_FALSE(message->tls);
  EXPECT_EQ(message->header("From"), sent.from);
  EXPECT_EQ(message->header("To"), sent.to);
  EXPECT_EQ(message->subject, sent.subject);
  EXPECT_EQ(message->content_type, "multipart/alternative");
  ASSERT_TRUE(message->text && message->html);
  EXPECT_EQ(*message->text, sent.text);
  EXPECT_EQ(*message->html, sent.html);
  EXPECT_EQ(extract_link(*message->text, "https://portal.example.com/set"),
            "https://portal.example.com/set?token=abc123");
  EXPECT_EQ(extract_link(*message->html, "https://portal.example.com/set"),
            "https://portal.example.com/set?token=abc123");
  EXPECT_TRUE(message->header("Date"));
  EXPECT_TRUE(message->header("Message-ID"));
  EXPECT_EQ(message->header("MIME-Version"), "1.0");
  EXPECT_TRUE(message->defects.empty()) << message->defects.front();
  expect_short_crlf_lines(message->raw);
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
  const auto message = deliver(sink, sink.settings(), email);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->subject, email.subject);
  EXPECT_EQ(message->text, email.text);
  EXPECT_EQ(message->html, email.html);
  EXPECT_TRUE(message->defects.empty()) << message->defects.front();
  expect_short_crlf_lines(message->raw);
  // 8-bit data never travels raw.
  for (char c : message->raw) ASSERT_LT(static_cast<unsigned char>(c), 0x80U);
}

TEST_F(SmtpSenderTest, TextOnlyWhenThereIsNoHtml) {
  SmtpSink sink;
  OutgoingEmail email = sample_email();
  email.html.clear();
  const auto message = deliver(sink, sink.settings(), email);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->content_type, "text/plain");
  EXPECT_EQ(message->text, email.text);
  EXPECT_FALSE(message->html);
}

TEST_F(SmtpSenderTest, Utf8AddressesUseSmtpUtf8) {
  SmtpSink sink;
  OutgoingEmail email = sample_email();
  email.to = "zoë@bücher.example";
  const auto message = deliver(sink, sink.settings(), email);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->rcpt_to, std::vector<std::string>{"zoë@bücher.example"});
  EXPECT_EQ(message->header("To"), "zoë@bücher.example");
}

TEST_F(SmtpSenderTest, StartTlsAndAuthWithTheCertificateAsCaFile) {
  const TestCertificate cert = make_test_certificate(dir_.path());
  SmtpSink sink(sink_options(SmtpTls::kStartTls, cert, "mailer", "pw-1"));
  const auto message = deliver(sink, sink.settings());
  ASSERT_TRUE(message);
  EXPECT_TRUE(message->tls);
  EXPECT_EQ(message->auth_user, "mailer");
  EXPECT_EQ(message->text, sample_email().text);
}

TEST_F(SmtpSenderTest, StartTlsRefusesACertificateItDoesNotTrust) {
  const TestCertificate cert = make_test_certificate(dir_.path());
  SmtpSink sink(sink_options(SmtpTls::kStartTls, cert));
  SmtpSettings settings = sink.settings();
  settings.ca_file.clear();  // the system's trust store does not know the self-signed one
  const Error error = refusal(sink, settings);
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_EQ(error.id, "smtp.tls_failed");
  EXPECT_NE(error.message.find("127.0.0.1"), std::string::npos) << error.message;
}

TEST_F(SmtpSenderTest, StartTlsRequiredButNotOffered) {
  SmtpSink sink;  // plain only
  SmtpSettings settings = sink.settings();
  settings.tls = SmtpTls::kStartTls;
  const Error error = refusal(sink, settings);
  EXPECT_EQ(error.id, "smtp.tls_failed");
  EXPECT_NE(error.message.find("STARTTLS"), std::string::npos) << error.message;
}

TEST_F(SmtpSenderTest, ImplicitTlsAndAuth) {
  const TestCertificate cert = make_test_certificate(dir_.path());
  SmtpSink sink(sink_options(SmtpTls::kTls, cert, "mailer", "pw-2"));
  const auto message = deliver(sink, sink.settings());
  ASSERT_TRUE(message);
  EXPECT_TRUE(message->tls);
  EXPECT_EQ(message->auth_user, "mailer");
}

TEST_F(SmtpSenderTest, ImplicitTlsAgainstAPlainServerFails) {
  SmtpSink sink;
  SmtpSettings settings = sink.settings();
  settings.tls = SmtpTls::kTls;
  EXPECT_EQ(refusal(sink, settings).id, "smtp.tls_failed");
}

TEST_F(SmtpSenderTest, AuthSucceedsWithTheRightPassword) {
  SmtpSink sink(sink_options(SmtpTls::kNone, {}, "mailer", "right horse battery"));
  const auto message = deliver(sink, sink.settings());
  ASSERT_TRUE(message);
  EXPECT_EQ(message->auth_user, "mailer");
  EXPECT_FALSE(message->tls);
}

TEST_F(SmtpSenderTest, WrongPasswordIsAnAuthFailureThatNeverShowsThePassword) {
  SmtpSink sink(sink_options(SmtpTls::kNone, {}, "mailer", "right horse battery"));
  SmtpSettings settings = sink.settings();
  settings.password = "Wr0ng-Pa55word";
  const Error error = refusal(sink, settings);  // checks the message for the password too
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_EQ(error.id, "smtp.auth_failed");
  EXPECT_NE(error.message.find("535"), std::string::npos) << error.message;
  EXPECT_EQ(error.detail.find(settings.password), std::string::npos);
}

TEST_F(SmtpSenderTest, ServerThatRequiresAuthWithoutAUserName) {
  SmtpSink sink(sink_options(SmtpTls::kNone, {}, "mailer", "right horse battery"));
  SmtpSettings settings = sink.settings();
  settings.username.clear();
  settings.password.clear();
  const Error error = refusal(sink, settings);
  EXPECT_EQ(error.id, "smtp.auth_failed");
  EXPECT_NE(error.message.find("530"), std::string::npos) << error.message;
}

TEST_F(SmtpSenderTest, RefusedRecipient) {
  SmtpSinkOptions options;
  options.fail_rcpt = {"ada@example.com"};
  SmtpSink sink(options);
  const Error error = refusal(sink, sink.settings());
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_EQ(error.id, "smtp.recipient_refused");
  EXPECT_NE(error.message.find("550"), std::string::npos) << error.message;
}

TEST_F(SmtpSenderTest, ServerDownThenBackOnTheSamePort) {
  SmtpSink sink;
  const int port = sink.port();
  sink.stop();
  const Error down = refusal(sink, sink.settings());
  EXPECT_EQ(down.code, ErrorCode::kUnavailable);
  EXPECT_EQ(down.id, "smtp.connect_failed");
  EXPECT_NE(down.message.find(std::to_string(port)), std::string::npos) << down.message;

  sink.start();
  EXPECT_EQ(sink.port(), port);
  EXPECT_TRUE(deliver(sink, sink.settings()));
}

TEST_F(SmtpSenderTest, HeaderInjectionIsRefusedAndNothingIsSent) {
  SmtpSink sink;
  OutgoingEmail email = sample_email();
  email.subject = "Hello\r\nBcc: victim@example.com";
  EXPECT_EQ(refusal(sink, sink.settings(), email).code, ErrorCode::kInvalidArgument);
  email = sample_email();
  email.to = "ada@example.com\nBcc: victim@example.com";
  EXPECT_EQ(refusal(sink, sink.settings(), email).code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(deliver(sink, sink.settings()));  // the server was up all along
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
