// The MIME encoder (mail/mime_message: build_mime_message), checked by the independent decoder of
// tests/support/mime_decoder. Addresses, subject and bodies come from users' names and the
// templates. Invariants: a header with a line break or control character, or an address that is
// not one plain address, is refused; a built message has CRLF line endings, 7-bit bodies, no line
// over RFC 5322's 998 characters (78 for the headers we fold, 76 for body lines), and decodes
// back to the subject and bodies given (invalid UTF-8 replaced, CRLF read as LF).
#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "fuzz_support.hpp"
#include "mail/mime_message.hpp"
#include "support/mime_decoder.hpp"

namespace {

namespace mail = atrium::mail;

// Bytes from the fuzzer's input, so that runs are reproducible.
class InputRandom : public atrium::Random {
 public:
  explicit InputRandom(FuzzedDataProvider& input) : input_(input) {}
  void fill(std::span<std::byte> out) override {
    for (auto& b : out) b = static_cast<std::byte>(input_.ConsumeIntegral<std::uint8_t>());
  }

 private:
  FuzzedDataProvider& input_;
};

// Invalid UTF-8 replaced (NUL is valid, and quoted-printable carries it as =00).
std::string valid_utf8(std::string_view text) {
  return atrium::is_valid_utf8(text) ? std::string(text) : atrium::sanitise_utf8(text);
}

std::string expected_body(std::string_view text) {
  std::string out;
  const std::string valid = valid_utf8(text);
  for (std::size_t i = 0; i < valid.size(); ++i) {
    if (valid.compare(i, 2, "\r\n") == 0) continue;  // CRLF and LF both end a line
    out += valid[i];
  }
  return out;
}

std::string without_final_newline(std::string text) {
  if (text.ends_with('\n')) text.pop_back();
  return text;
}

void check_lines(const std::string& message, bool our_envelope) {
  std::size_t start = 0;
  bool in_headers = true;
  while (start < message.size()) {
    const auto end = message.find("\r\n", start);
    FUZZ_CHECK(end != std::string::npos);  // every line ends with CRLF
    const std::string_view line = std::string_view(message).substr(start, end - start);
    FUZZ_CHECK(line.find('\r') == std::string_view::npos &&
               line.find('\n') == std::string_view::npos);
    FUZZ_CHECK(line.size() <= 998);
    if (line.empty()) in_headers = false;
    const bool unfoldable =
        line.starts_with("From: ") || line.starts_with("To: ") || line.starts_with("Message-ID: ");
    if (in_headers && !unfoldable && our_envelope) FUZZ_CHECK(line.size() <= 78);
    if (!in_headers) {
      FUZZ_CHECK(line.size() <= 76);
      for (const char c : line) FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80);
    }
    start = end + 2;
  }
}

void check_decodes(const atrium::OutgoingEmail& email, const std::string& message) {
  atrium::testing::DecodedMime decoded;
  try {
    decoded = atrium::testing::decode_mime(message);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "decoder: %s\n", e.what());
    atrium::fuzz::invariant_broken("the message decodes", __FILE__, __LINE__);
  }
  FUZZ_CHECK(decoded.headers.at("from") == email.from);
  FUZZ_CHECK(decoded.headers.at("to") == email.to);
  const std::string subject = valid_utf8(email.subject);
  const bool encoded = decoded.headers.at("subject").starts_with("=?UTF-8?B?");
  FUZZ_CHECK(decoded.subject == (encoded ? subject : std::string(atrium::trim(subject))));
  if (email.html.empty()) {
    FUZZ_CHECK(decoded.text.has_value() && !decoded.html.has_value());
    FUZZ_CHECK(*decoded.text == without_final_newline(expected_body(email.text)));
  } else {
    FUZZ_CHECK(decoded.text == expected_body(email.text));
    FUZZ_CHECK(decoded.html == expected_body(email.html));
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  atrium::OutgoingEmail email;
  email.from = input.ConsumeRandomLengthString(1100);
  email.to = input.ConsumeRandomLengthString(1100);
  email.subject = input.ConsumeRandomLengthString(500);
  email.text = input.ConsumeRandomLengthString();
  email.html = input.ConsumeRandomLengthString();
  // Mostly the envelope the mailer makes; sometimes any message id and boundary.
  const bool our_envelope = input.ConsumeProbability<float>() < 0.9F;
  InputRandom random(input);
  mail::MimeEnvelope envelope;
  // 1970 to 2100: system_clock counts nanoseconds, which overflow past 2262.
  envelope.date = std::chrono::system_clock::time_point(
      std::chrono::seconds(input.ConsumeIntegralInRange<std::int64_t>(0, 4102444800)));
  if (our_envelope) {
    envelope.message_id = mail::random_message_id(random, email.from);
    envelope.boundary = mail::random_boundary(random);
  } else {
    envelope.message_id = input.ConsumeRandomLengthString(260);
    envelope.boundary = input.ConsumeRandomLengthString(80);
  }

  const auto message = mail::build_mime_message(email, envelope);
  if (!message) {
    static const std::set<std::string> known_ids = {
        "mail.header_injection", "mail.header_invalid", "mail.address_invalid",
        "mail.message_id_invalid", "mail.boundary_invalid"};
    FUZZ_CHECK(known_ids.contains(message.error().id));
    FUZZ_CHECK(atrium::fuzz::is_plain_error(message.error()));
    return 0;
  }
  check_lines(*message, our_envelope);
  // A fuzzed boundary may occur inside a part (the mailer's never does: "=_" cannot appear in
  // quoted-printable), and then the message does not split back into its parts.
  if (our_envelope) check_decodes(email, *message);
  return 0;
}
