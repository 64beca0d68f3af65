#include "core/log_text.hpp"

#include <array>
#include <cstddef>

#include "core/encoding.hpp"

namespace atrium {

namespace {

constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                       '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

void append_byte_escape(std::string& out, unsigned char byte) {
  out += "\\x";
  out += kHex[byte >> 4U];
  out += kHex[byte & 0x0FU];
}

void append_code_point_escape(std::string& out, unsigned code_point) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) {
    out += kHex[(code_point >> static_cast<unsigned>(shift)) & 0x0FU];
  }
}

// The code point of the well-formed two- or three-byte sequence at text[i].
unsigned decode(std::string_view text, std::size_t i, std::size_t length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (length == 2) return ((byte(0) & 0x1FU) << 6U) | (byte(1) & 0x3FU);
  return ((byte(0) & 0x0FU) << 12U) | ((byte(1) & 0x3FU) << 6U) | (byte(2) & 0x3FU);
}

}  // namespace

std::string escape_log_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80U) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\\':
          out += "\\\\";
          break;
        default:
          if (c < 0x20U || c == 0x7FU) {
            append_byte_escape(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      append_byte_escape(out, c);  // one malformed byte at a time
      ++i;
      continue;
    }
    if (length <= 3) {
      const unsigned code_point = decode(text, i, length);
      if ((code_point >= 0x80U && code_point <= 0x9FU) || code_point == 0x2028U ||
          code_point == 0x2029U) {
        append_code_point_escape(out, code_point);
        i += length;
        continue;
      }
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string json_log_string(std::string_view text) {
  const std::string escaped = escape_log_text(text);
  std::string out;
  out.reserve(escaped.size() + 2);
  out += '"';
  for (char c : escaped) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace atrium
