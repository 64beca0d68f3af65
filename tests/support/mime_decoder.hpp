#pragma once

// A small MIME decoder written from the RFCs, independent of src/mail's encoder: RFC 5322
// unfolding, RFC 2047 "B" encoded words, RFC 2045 quoted-printable, multipart/alternative. The
// unit test (mail_mime_test) and the fuzz target (tests/fuzz/mime_fuzz) check that what the
// encoder writes decodes back. Throws std::runtime_error on anything it cannot read.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::testing {

struct DecodedMime {
  std::vector<std::string> header_lines;       // raw, folded
  std::map<std::string, std::string> headers;  // lower-case name -> unfolded, trimmed value
  std::string body;                            // raw
  std::string subject;                         // decoded
  std::optional<std::string> text;             // decoded, "\n" line breaks
  std::optional<std::string> html;
};

std::string base64_decode(std::string_view text);
// Quoted-printable to text with "\n" line breaks.
std::string qp_decode(std::string_view text);
// Decodes "=?UTF-8?B?...?=" words; the whitespace between two encoded words is dropped.
std::string decode_words(std::string_view value);
DecodedMime decode_mime(const std::string& message);

}  // namespace atrium::testing
