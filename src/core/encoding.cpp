#include "core/encoding.hpp"

#include <algorithm>
#include <array>

namespace atrium {

std::string hex_encode(std::span<const std::byte> bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::byte b : bytes) {
    const auto v = std::to_integer<unsigned>(b);
    out.push_back(kDigits[v >> 4U]);
    out.push_back(kDigits[v & 0x0FU]);
  }
  return out;
}

namespace {

// RFC 4648 base64 over `alphabet`; `pad` adds the '=' padding of the standard form.
std::string encode_base64(std::span<const std::byte> bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned n = (std::to_integer<unsigned>(bytes[i]) << 16U) |
                       (std::to_integer<unsigned>(bytes[i + 1]) << 8U) |
                       std::to_integer<unsigned>(bytes[i + 2]);
    out.push_back(alphabet[(n >> 18U) & 63U]);
    out.push_back(alphabet[(n >> 12U) & 63U]);
    out.push_back(alphabet[(n >> 6U) & 63U]);
    out.push_back(alphabet[n & 63U]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const unsigned n = std::to_integer<unsigned>(bytes[i]) << 16U;
    out.push_back(alphabet[(n >> 18U) & 63U]);
    out.push_back(alphabet[(n >> 12U) & 63U]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    const unsigned n = (std::to_integer<unsigned>(bytes[i]) << 16U) |
                       (std::to_integer<unsigned>(bytes[i + 1]) << 8U);
    out.push_back(alphabet[(n >> 18U) & 63U]);
    out.push_back(alphabet[(n >> 12U) & 63U]);
    out.push_back(alphabet[(n >> 6U) & 63U]);
    if (pad) out.push_back('=');
  }
  return out;
}

}  // namespace

std::string base64url_encode(std::span<const std::byte> bytes) {
  return encode_base64(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                       false);
}

std::string base64_encode(std::span<const std::byte> bytes) {
  return encode_base64(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                       true);
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    unsigned n = 0;
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      unsigned v = 0;
      if (c >= 'A' && c <= 'Z') {
        v = static_cast<unsigned>(c - 'A');
      } else if (c >= 'a' && c <= 'z') {
        v = static_cast<unsigned>(c - 'a') + 26U;
      } else if (c >= '0' && c <= '9') {
        v = static_cast<unsigned>(c - '0') + 52U;
      } else if (c == '+') {
        v = 62U;
      } else if (c == '/') {
        v = 63U;
      } else if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
      } else {
        return std::nullopt;
      }
      if (padding > 0 && c != '=') return std::nullopt;  // data after padding
      n = (n << 6U) | v;
    }
    out.push_back(static_cast<char>((n >> 16U) & 255U));
    if (padding < 2) out.push_back(static_cast<char>((n >> 8U) & 255U));
    if (padding < 1) out.push_back(static_cast<char>(n & 255U));
  }
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned cp = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4;
    cp = b0 & 0x07U;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6U) | (b & 0x3FU);
  }
  static constexpr std::array<unsigned, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::size_t utf8_malformed_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t continuation = 0;
  unsigned char low = 0x80;  // range of the next byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation = 2;
    if (lead == 0xE0) low = 0xA0;   // no overlongs
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation = 3;
    if (lead == 0xF0) low = 0x90;   // no overlongs
    if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 1;
  }
  std::size_t length = 1;
  while (length <= continuation && i + length < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + length]);
    if (next < low || next > high) break;
    low = 0x80;
    high = 0xBF;
    ++length;
  }
  return std::min(length, continuation);  // a whole sequence would not be malformed
}

std::string sanitise_utf8(std::string_view text, std::size_t max_code_points) {
  std::string out;
  out.reserve(text.size());
  std::size_t code_points = 0;
  for (std::size_t at = 0; at < text.size() && code_points < max_code_points; ++code_points) {
    const std::size_t length = text[at] == '\0' ? 0 : utf8_sequence_length(text, at);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

}  // namespace atrium
