#include "http/json_writer.hpp"

#include <array>
#include <charconv>

#include "core/encoding.hpp"

namespace atrium::http {

void JsonWriter::separate() {
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonWriter::begin_object() {
  separate();
  out_ += '{';
  first_ = true;
}

void JsonWriter::end_object() {
  out_ += '}';
  first_ = false;
}

void JsonWriter::begin_array() {
  separate();
  out_ += '[';
  first_ = true;
}

void JsonWriter::end_array() {
  out_ += ']';
  first_ = false;
}

void JsonWriter::key(std::string_view name) {
  separate();
  // Names are the code's own field names, which need no escape.
  out_ += '"';
  out_ += name;
  out_ += "\":";
  first_ = true;  // the value follows without a comma
}

void JsonWriter::value(std::string_view text) {
  separate();
  write_string(text);
}

void JsonWriter::value(long long number) {
  separate();
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, end);
}

void JsonWriter::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
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

}  // namespace

void JsonWriter::write_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  // One pass: runs of bytes that need no escape are appended whole, and UTF-8 is checked on the
  // way (a byte table instead of comparisons, and no separate validation pass: JSON text was a
  // third of an admin list request, callgrind, bench/README.md).
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size();) {
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
      out_.append(text, run, i - run);
      out_ += "\xEF\xBF\xBD";  // U+FFFD for the malformed bytes
      i += utf8_malformed_length(text, i);
      run = i;
      continue;
    }
    out_.append(text, run, i - run);
    run = ++i;
    switch (u) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[u >> 4];
        out_ += kHex[u & 0x0F];
    }
  }
  out_.append(text, run, text.size() - run);
  out_ += '"';
}

}  // namespace atrium::http
