// The checks of what users type as addresses and names (domain/identity/email: normalise_email,
// domain/directory/names: check_display_name). Invariants: an accepted address is trimmed,
// at most 254 bytes, valid UTF-8 with one '@' and no spaces or controls, is accepted again as it
// is, and is one the mailer can send to (build_mime_message takes it as To); an accepted name is
// trimmed, 1 to 100 characters of valid UTF-8 without controls, and accepted again unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "domain/directory/names.hpp"
#include "domain/identity/email.hpp"
#include "fuzz_support.hpp"
#include "mail/mime_message.hpp"

namespace {

void check_email(std::string_view raw) {
  const auto email = atrium::normalise_email(raw);
  if (!email) {
    FUZZ_CHECK(atrium::fuzz::is_plain_error(email.error()));
    return;
  }
  FUZZ_CHECK(!email->empty() && email->size() <= 254 && atrium::trim(*email) == *email);
  FUZZ_CHECK(atrium::fuzz::is_plain_text(*email) && email->find(' ') == std::string::npos);
  FUZZ_CHECK(email->find('@') == email->rfind('@') && email->find('@') != std::string::npos);
  FUZZ_CHECK(atrium::normalise_email(*email) == *email);
  FUZZ_CHECK(atrium::email_key(*email) == atrium::ascii_lower(*email));

  const atrium::OutgoingEmail message{"portal@example.com", *email, "Welcome", "Hello", ""};
  const atrium::mail::MimeEnvelope envelope{{}, "<id@example.com>", "=_boundary"};
  const auto built = atrium::mail::build_mime_message(message, envelope);
  if (!built) std::fprintf(stderr, "refused: %s\n", built.error().message.c_str());
  FUZZ_CHECK(built.has_value());  // every address a user may have can be mailed
}

void check_name(std::string_view raw) {
  const auto name = atrium::check_display_name(raw, "First");
  if (!name) {
    FUZZ_CHECK(atrium::fuzz::is_plain_error(name.error()));
    return;
  }
  FUZZ_CHECK(!name->empty() && atrium::trim(*name) == *name);
  FUZZ_CHECK(atrium::fuzz::is_plain_text(*name) && atrium::utf8_length(*name) <= 100);
  FUZZ_CHECK(atrium::check_display_name(*name, "First") == *name);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = atrium::fuzz::as_text(data, size);
  check_email(text);
  check_name(text);
  return 0;
}
