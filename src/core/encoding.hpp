#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace atrium {

std::string hex_encode(std::span<const std::byte> bytes);
std::string base64url_encode(std::span<const std::byte> bytes);  // unpadded, '-' and '_'
std::string base64_encode(std::span<const std::byte> bytes);     // RFC 4648 §4, padded
// The bytes of padded standard base64 (as base64_encode writes it); nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view text);

// ASCII lower-casing, used for case-insensitive keys such as email addresses and header names.
std::string ascii_lower(std::string_view text);
char ascii_lower(char c);
// Whether `a` and `b` are equal when ASCII letters are compared without case (no copies made).
bool ascii_iequals(std::string_view a, std::string_view b);

// Removes leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs,
// surrogates or values past U+10FFFF), or 0 when it is malformed. NUL counts as well-formed.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// For malformed UTF-8 at text[i] (utf8_sequence_length is 0): how many bytes form its maximal
// subpart (Unicode 15, §3.9): the longest start of a well-formed sequence there, else 1. Writing
// one U+FFFD for each is the W3C and Unicode recommended replacement, and nlohmann::json's.
std::size_t utf8_malformed_length(std::string_view text, std::size_t i);

// `text` with each malformed byte, and each NUL, replaced by U+FFFD, cut after
// `max_code_points` code points: for bytes a client sent (User-Agent) on their way to a page
// or a database that refuses malformed UTF-8.
std::string sanitise_utf8(std::string_view text,
                          std::size_t max_code_points = std::string_view::npos);

// Number of Unicode code points in well-formed UTF-8 text.
std::size_t utf8_length(std::string_view text);

}  // namespace atrium
