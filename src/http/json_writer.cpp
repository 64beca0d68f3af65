#include "http/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "core/encoding.hpp"

namespace atrium::http {

namespace {

char* put(char* at, std::string_view text) {
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

}  // namespace

void JsonWriter::reserve(std::size_t bytes) {
  if (bytes > out_.size()) out_.resize(bytes);
}

char* JsonWriter::room(std::size_t bytes) {
  if (out_.size() - size_ < bytes) reserve(std::max(out_.size() * 2, size_ + bytes + 256));
  return out_.data() + size_;
}

char* JsonWriter::separate(char* at) {
  if (!first_) *at++ = ',';
  first_ = false;
  return at;
}

void JsonWriter::begin_object() {
  char* at = separate(room(2));
  *at++ = '{';
  size_ = static_cast<std::size_t>(at - out_.data());
  first_ = true;
}

void JsonWriter::end_object() {
  *room(1) = '}';
  ++size_;
  first_ = false;
}

void JsonWriter::begin_array() {
  char* at = separate(room(2));
  *at++ = '[';
  size_ = static_cast<std::size_t>(at - out_.data());
  first_ = true;
}

void JsonWriter::end_array() {
  *room(1) = ']';
  ++size_;
  first_ = false;
}

void JsonWriter::key(std::string_view name) {
  // Names are the code's own field names, which need no escape.
  char* at = separate(room(name.size() + 4));
  *at++ = '"';
  at = put(at, name);
  *at++ = '"';
  *at++ = ':';
  size_ = static_cast<std::size_t>(at - out_.data());
  first_ = true;  // the value follows without a comma
}

void JsonWriter::value(std::string_view text) {
  if (!first_) {
    *room(1) = ',';
    ++size_;
  }
  first_ = false;
  write_string(text);
}

void JsonWriter::value(long long number) {
  char* at = separate(room(21));
  at = std::to_chars(at, at + 20, number).ptr;
  size_ = static_cast<std::size_t>(at - out_.data());
}

void JsonWriter::value(bool flag) {
  char* at = separate(room(6));
  at = put(at, flag ? std::string_view("true") : std::string_view("false"));
  size_ = static_cast<std::size_t>(at - out_.data());
}

namespace {

// What write_string does with each byte: copy it, escape it, or check the UTF-8 sequence it starts.
enum ByteKind : unsigned char { kCopy, kEscape, kMultiByte };

constexpr std::array<unsigned char, 256> kByteKinds = [] {
  std::array<unsigned char, 256> kinds{};
  for (std::size_t b = 0; b < kinds.size(); ++b) {
    kinds[b] = b < 0x20 || b == '"' || b == '\\' ? kEscape : b < 0x80 ? kCopy : kMultiByte;
  }
  return kinds;
}();

// Whether any of the eight bytes in `word` needs more than a copy: a control byte, '"', '\\' or
// a byte of a multi-byte UTF-8 sequence (bit tricks on a 64-bit word: most text needs none, and
// scanning a word at a time costs a quarter of scanning its bytes one by one).
bool needs_attention(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  const auto has_zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighBits; };
  const std::uint64_t control = (word - kOnes * 0x20) & ~word;  // a byte below 0x20
  const std::uint64_t special =
      has_zero_byte(word ^ (kOnes * '"')) | has_zero_byte(word ^ (kOnes * '\\'));
  return ((control | word) & kHighBits) != 0 || special != 0;
}

// The two-character escapes JSON has; the other control bytes become \u00XX.
char short_escape(unsigned char byte) {
  switch (byte) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

}  // namespace

void JsonWriter::write_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // At most six bytes out per byte in (\u00XX; U+FFFD is three bytes for at least one in).
  char* at = room(text.size() * 6 + 2);
  *at++ = '"';
  // One pass: runs of bytes that need no escape are copied whole, and UTF-8 is checked on the
  // way (a byte table instead of comparisons, and no separate validation pass: JSON text was a
  // third of an admin list request, callgrind, bench/README.md).
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::uint64_t word = 0;
    if (text.size() - i >= sizeof word) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!needs_attention(word)) {
        i += sizeof word;
        continue;
      }
    }
    const auto u = static_cast<unsigned char>(text[i]);
    const unsigned char kind = kByteKinds[u];
    if (kind == kCopy) {
      ++i;
      continue;
    }
    if (kind == kMultiByte) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length != 0) {
        i += length;
        continue;
      }
      at = put(at, text.substr(run, i - run));
      at = put(at, "\xEF\xBF\xBD");  // U+FFFD for the malformed bytes
      i += utf8_malformed_length(text, i);
      run = i;
      continue;
    }
    at = put(at, text.substr(run, i - run));
    run = ++i;
    *at++ = '\\';
    if (const char escape = short_escape(u); escape != 0) {
      *at++ = escape;
    } else {
      at = put(at, "u00");
      *at++ = kHex[u >> 4];
      *at++ = kHex[u & 0x0F];
    }
  }
  at = put(at, text.substr(run));
  *at++ = '"';
  size_ = static_cast<std::size_t>(at - out_.data());
}

}  // namespace atrium::http
