// build_mime_message: what we encode decodes back (with a small decoder written from the RFCs,
// independent of the encoder: support/mime_decoder), line lengths, and header injection refused.
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "core/time_format.hpp"
#include "mail/mime_message.hpp"
#include "support/counting_random.hpp"
#include "support/mime_decoder.hpp"

namespace atrium::mail {
namespace {

using Decoded = testing::DecodedMime;
using testing::base64_decode;

Decoded decode(const std::string& message) { return testing::decode_mime(message); }

// --- Tests

TimePoint at(std::string_view rfc3339) { return *parse_rfc3339(rfc3339); }

MimeEnvelope envelope() {
  return MimeEnvelope{at("2026-11-22T10:05:09Z"), "<0123abcd@portal.example.com>",
                      "=_00112233445566778899aabbccddeeff"};
}

OutgoingEmail email() {
  return OutgoingEmail{
      "portal@example.com", "ada@example.org", "Welcome",
      "Hello Ada,\nyour link: https://portal.example.com/x?a=1&b=2\n",
      "<p>Hello Ada,</p><p><a href=\"https://portal.example.com/x?a=1&amp;b=2\">link</a></p>"};
}

void expect_line_limits(const Decoded& decoded) {
  for (const auto& line : decoded.header_lines) EXPECT_LE(line.size(), 78U) << line;
  std::size_t start = 0;
  while (start < decoded.body.size()) {
    auto end = decoded.body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "the message ends with CRLF";
    EXPECT_LE(end - start, 76U) << decoded.body.substr(start, end - start);
    start = end + 2;
  }
  for (char c : decoded.body) ASSERT_LT(static_cast<unsigned char>(c), 0x80U) << "8-bit data";
}

TEST(MailMime, HeadersAndBothParts) {
  const auto message = build_mime_message(email(), envelope());
  ASSERT_TRUE(message) << message.error().message;
  const Decoded decoded = decode(*message);
  EXPECT_EQ(decoded.headers.at("from"), "portal@example.com");
  EXPECT_EQ(decoded.headers.at("to"), "ada@example.org");
  EXPECT_EQ(decoded.headers.at("subject"), "Welcome");  // short ASCII stays readable
  EXPECT_EQ(decoded.headers.at("date"), "Sun, 22 Nov 2026 10:05:09 +0000");
  EXPECT_EQ(decoded.headers.at("message-id"), "<0123abcd@portal.example.com>");
  EXPECT_EQ(decoded.headers.at("mime-version"), "1.0");
  EXPECT_EQ(decoded.headers.at("auto-submitted"), "auto-generated");
  EXPECT_EQ(decoded.headers.at("content-type"),
            "multipart/alternative; boundary=\"=_00112233445566778899aabbccddeeff\"");
  EXPECT_EQ(decoded.text, email().text);
  EXPECT_EQ(decoded.html, email().html);
  expect_line_limits(decoded);
  // Every line ends in CRLF; no bare LF anywhere.
  for (std::size_t i = 0; i < message->size(); ++i) {
    if ((*message)[i] == '\n') {
      ASSERT_TRUE(i > 0 && (*message)[i - 1] == '\r') << i;
    }
  }
}

TEST(MailMime, TextOnlyWhenHtmlIsEmpty) {
  OutgoingEmail e = email();
  e.html.clear();
  const auto message = build_mime_message(e, envelope());
  ASSERT_TRUE(message);
  const Decoded decoded = decode(*message);
  EXPECT_EQ(decoded.headers.at("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(message->find("multipart"), std::string::npos);
  EXPECT_EQ(decoded.text, "Hello Ada,\nyour link: https://portal.example.com/x?a=1&b=2");
  EXPECT_FALSE(decoded.html);
}

TEST(MailMime, BodiesRoundTripWithShortSevenBitLines) {
  OutgoingEmail e = email();
  std::string long_line;
  for (int i = 0; i < 40; ++i) long_line += "Grüße=" + std::to_string(i) + "\t😀 ";
  e.text = long_line + "\n.leading dot\nFrom the start\ntrailing spaces  \n=_ looks like a " +
           "boundary\r\nwindows line\rlone CR\n" + std::string(200, 'x') + "\n\nend";
  e.html = "<p>" + long_line + "</p>\n<p>" + std::string(300, '=') + "</p>";
  const auto message = build_mime_message(e, envelope());
  ASSERT_TRUE(message);
  const Decoded decoded = decode(*message);
  std::string expected_text = e.text;
  expected_text.replace(expected_text.find("\r\n"), 2, "\n");  // CRLF and LF both end a line
  EXPECT_EQ(decoded.text, expected_text);
  EXPECT_EQ(decoded.html, e.html);
  expect_line_limits(decoded);
  // The boundary appears only as the three delimiters.
  std::size_t count = 0;
  for (auto i = message->find("--=_0011"); i != std::string::npos;
       i = message->find("--=_0011", i + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3U);
  // Lines that some relays would mangle are escaped.
  EXPECT_NE(decoded.body.find("\r\n=2Eleading dot"), std::string::npos);
  EXPECT_NE(decoded.body.find("\r\n=46rom the start"), std::string::npos);
}

TEST(MailMime, LongUtf8SubjectBecomesEncodedWordsOfWholeCharacters) {
  OutgoingEmail e = email();
  e.subject = "Grüße aus Zürich — 你好，世界 — 😀 ";
  for (int i = 0; i < 5; ++i) e.subject += e.subject;  // ~1.4 kB
  const auto message = build_mime_message(e, envelope());
  ASSERT_TRUE(message);
  const Decoded decoded = decode(*message);
  EXPECT_EQ(decoded.subject, e.subject);
  expect_line_limits(decoded);
  std::size_t words = 0;
  for (const auto& line : decoded.header_lines) {
    const auto start = line.find("=?UTF-8?B?");
    if (start == std::string::npos) continue;
    ++words;
    const std::string word = line.substr(start);
    EXPECT_LE(word.size(), 75U) << word;  // RFC 2047 §2
    // Each word holds whole characters (RFC 2047 §5).
    EXPECT_TRUE(is_valid_utf8(base64_decode(word.substr(10, word.size() - 12)))) << word;
  }
  EXPECT_GT(words, 10U);
}

TEST(MailMime, LongAsciiSubjectIsFoldedAtSpaces) {
  OutgoingEmail e = email();
  e.subject =
      "Your registration at the Acme Corporation Developer Portal has been approved, "
      "welcome aboard and thank you for your patience while we reviewed it";
  const auto message = build_mime_message(e, envelope());
  ASSERT_TRUE(message);
  const Decoded decoded = decode(*message);
  EXPECT_EQ(decoded.headers.at("subject"), e.subject);  // unfolding restores it
  EXPECT_EQ(message->find("=?UTF-8?"), std::string::npos);
  expect_line_limits(decoded);
}

TEST(MailMime, AsciiThatCannotFoldOrLooksEncodedIsEncoded) {
  for (const std::string& subject : {std::string(120, 'a'), std::string("=?UTF-8?B?x?= trick")}) {
    OutgoingEmail e = email();
    e.subject = subject;
    const auto message = build_mime_message(e, envelope());
    ASSERT_TRUE(message);
    const Decoded decoded = decode(*message);
    EXPECT_EQ(decoded.subject, subject);
    EXPECT_NE(decoded.headers.at("subject").find("=?UTF-8?B?"), std::string::npos);
    expect_line_limits(decoded);
  }
}

TEST(MailMime, InvalidUtf8IsReplacedNotSent) {
  OutgoingEmail e = email();
  e.subject = "bad \xC3 byte";
  e.text = "bad \xFF byte";
  const auto message = build_mime_message(e, envelope());
  ASSERT_TRUE(message);
  const Decoded decoded = decode(*message);
  EXPECT_EQ(decoded.subject, "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(decoded.text, "bad \xEF\xBF\xBD byte");
}

TEST(MailMime, HeaderInjectionIsRefused) {
  const auto refused = [](OutgoingEmail e) {
    const auto message = build_mime_message(e, envelope());
    EXPECT_FALSE(message);
    return message ? std::string("built") : message.error().id;
  };
  for (const std::string bad : {"x\r\nBcc: victim@example.com", "x\nBcc: victim@example.com",
                                "x\rBcc: victim@example.com"}) {
    OutgoingEmail e = email();
    e.subject = bad;
    EXPECT_EQ(refused(e), "mail.header_injection");
    e = email();
    e.to = "ada@example.org" + bad;
    EXPECT_EQ(refused(e), "mail.header_injection");
    e = email();
    e.from = "portal@example.com" + bad;
    EXPECT_EQ(refused(e), "mail.header_injection");
  }
  OutgoingEmail e = email();
  e.subject = std::string("tab\there");
  EXPECT_EQ(refused(e), "mail.header_invalid");
  for (const std::string& bad_address : std::initializer_list<std::string>{
           "", "no-at-sign", "@example.com", "ada@", "a@b@c.example", "Ada <ada@example.org>",
           "ada@example.org, eve@example.org", "ada @example.org",
           // Found by tests/fuzz/mime: a 1000-byte address made a line past RFC 5322's 998
           // characters; 254 bytes is RFC 5321's limit.
           std::string(243, 'a') + "@example.org"}) {
    e = email();
    e.to = bad_address;
    EXPECT_EQ(refused(e), "mail.address_invalid") << bad_address;
  }
  OutgoingEmail injected = email();
  injected.subject = "x\r\nBcc: y";
  EXPECT_EQ(build_mime_message(injected, envelope()).error().code, ErrorCode::kInvalidArgument);
}

TEST(MailMime, UnicodeAddressesPassThrough) {
  OutgoingEmail e = email();
  e.to = "zoë@bücher.example";
  const auto message = build_mime_message(e, envelope());
  ASSERT_TRUE(message);
  EXPECT_EQ(decode(*message).headers.at("to"), "zoë@bücher.example");
}

TEST(MailMime, BadEnvelopeIsRefused) {
  MimeEnvelope bad = envelope();
  bad.message_id = "no-brackets@example.com";
  EXPECT_EQ(build_mime_message(email(), bad).error().id, "mail.message_id_invalid");
  bad = envelope();
  bad.boundary = "has space";
  EXPECT_EQ(build_mime_message(email(), bad).error().id, "mail.boundary_invalid");
  bad.boundary = std::string(71, 'a');
  EXPECT_EQ(build_mime_message(email(), bad).error().id, "mail.boundary_invalid");
}

TEST(MailMime, RandomBoundariesAndMessageIds) {
  testing::CountingRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string boundary = random_boundary(random);
    EXPECT_EQ(boundary.size(), 34U);
    EXPECT_EQ(boundary.rfind("=_", 0), 0U);
    EXPECT_TRUE(seen.insert(boundary).second);
    const std::string id = random_message_id(random, "portal@mail.example.com");
    EXPECT_TRUE(id.starts_with("<") && id.ends_with("@mail.example.com>")) << id;
    EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_TRUE(random_message_id(random, "odd address").ends_with("@localhost>"));
  EXPECT_TRUE(random_message_id(random, "zoë@bücher.example").ends_with("@localhost>"));
  // Both are accepted by the builder.
  MimeEnvelope env{at("2026-01-01T00:00:00Z"), random_message_id(random, "a@b.example"),
                   random_boundary(random)};
  EXPECT_TRUE(build_mime_message(email(), env));
}

TEST(MailMime, Rfc5322Dates) {
  EXPECT_EQ(format_rfc5322_date(at("2026-11-22T10:05:09Z")), "Sun, 22 Nov 2026 10:05:09 +0000");
  EXPECT_EQ(format_rfc5322_date(at("2024-02-29T23:59:59Z")), "Thu, 29 Feb 2024 23:59:59 +0000");
  EXPECT_EQ(format_rfc5322_date(at("1970-01-01T00:00:00Z")), "Thu, 01 Jan 1970 00:00:00 +0000");
}

}  // namespace
}  // namespace atrium::mail
