#include "support/mime_decoder.hpp"

#include <stdexcept>

#include "core/encoding.hpp"

namespace atrium::testing {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw std::runtime_error("bad quoted-printable escape");
}

std::map<std::string, std::string> parse_headers(std::string_view block) {
  std::map<std::string, std::string> headers;
  std::string unfolded;
  for (std::size_t i = 0; i < block.size(); ++i) {
    if (block.substr(i, 2) == "\r\n" && i + 2 < block.size() &&
        (block[i + 2] == ' ' || block[i + 2] == '\t')) {
      ++i;  // RFC 5322 §2.2.3: unfolding removes the CRLF only
      continue;
    }
    unfolded.push_back(block[i]);
  }
  std::size_t start = 0;
  while (start < unfolded.size()) {
    auto end = unfolded.find("\r\n", start);
    if (end == std::string::npos) end = unfolded.size();
    const std::string line = unfolded.substr(start, end - start);
    const auto colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("header without colon: " + line);
    headers[ascii_lower(line.substr(0, colon))] = std::string(trim(line.substr(colon + 1)));
    start = end + 2;
  }
  return headers;
}

const std::string& header(const std::map<std::string, std::string>& headers,
                          const std::string& name) {
  const auto it = headers.find(name);
  if (it == headers.end()) throw std::runtime_error("no " + name + " header");
  return it->second;
}

std::string boundary_of(const std::string& content_type) {
  const auto at = content_type.find("boundary=\"");
  if (at == std::string::npos) throw std::runtime_error("no boundary in " + content_type);
  const auto start = at + 10;
  return content_type.substr(start, content_type.find('"', start) - start);
}

void decode_part(std::string_view part, DecodedMime& decoded) {
  const auto split = part.find("\r\n\r\n");
  if (split == std::string_view::npos) throw std::runtime_error("part without a blank line");
  const auto headers = parse_headers(part.substr(0, split));
  if (header(headers, "content-transfer-encoding") != "quoted-printable") {
    throw std::runtime_error("part not quoted-printable");
  }
  const std::string body = qp_decode(part.substr(split + 4));
  const std::string& type = header(headers, "content-type");
  if (type == "text/plain; charset=utf-8") decoded.text = body;
  if (type == "text/html; charset=utf-8") decoded.html = body;
}

void decode_multipart(const std::string& type, DecodedMime& decoded) {
  const std::string delimiter = "--" + boundary_of(type);
  const std::string& body = decoded.body;
  if (body.rfind(delimiter + "\r\n", 0) != 0) {
    throw std::runtime_error("the body does not start with the first part");
  }
  std::size_t start = delimiter.size() + 2;
  while (true) {
    const auto next = body.find("\r\n" + delimiter, start);
    if (next == std::string::npos) throw std::runtime_error("unterminated multipart");
    decode_part(std::string_view(body).substr(start, next - start), decoded);
    start = next + 2 + delimiter.size();
    if (body.substr(start, 4) == "--\r\n") break;
    start += 2;
  }
}

}  // namespace

std::string base64_decode(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) throw std::runtime_error("bad base64");
    buffer = (buffer << 6U) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return out;
}

std::string qp_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "=\r\n") {
      i += 2;
    } else if (text[i] == '=') {
      if (i + 2 >= text.size()) throw std::runtime_error("truncated quoted-printable escape");
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else if (text.substr(i, 2) == "\r\n") {
      out.push_back('\n');
      i += 1;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string decode_words(std::string_view value) {
  std::string out;
  std::size_t i = 0;
  bool after_word = false;
  while (i < value.size()) {
    if (value.substr(i, 10) == "=?UTF-8?B?") {
      const auto end = value.find("?=", i + 10);
      if (end == std::string_view::npos) throw std::runtime_error("unterminated encoded word");
      out += base64_decode(value.substr(i + 10, end - i - 10));
      i = end + 2;
      after_word = true;
      continue;
    }
    const auto next = value.find("=?UTF-8?B?", i);
    const std::string_view gap = value.substr(i, next == std::string_view::npos ? next : next - i);
    if (!(after_word && next != std::string_view::npos && trim(gap).empty())) out += gap;
    i = next == std::string_view::npos ? value.size() : next;
    after_word = false;
  }
  return out;
}

DecodedMime decode_mime(const std::string& message) {
  DecodedMime decoded;
  const auto split = message.find("\r\n\r\n");
  if (split == std::string::npos) throw std::runtime_error("no blank line after the headers");
  const std::string head = message.substr(0, split);
  for (std::size_t start = 0; start <= head.size();) {
    auto end = head.find("\r\n", start);
    if (end == std::string::npos) end = head.size();
    decoded.header_lines.push_back(head.substr(start, end - start));
    start = end + 2;
  }
  decoded.headers = parse_headers(head);
  decoded.body = message.substr(split + 4);
  decoded.subject = decode_words(header(decoded.headers, "subject"));
  const std::string& type = header(decoded.headers, "content-type");
  if (type.starts_with("multipart/alternative")) {
    decode_multipart(type, decoded);
  } else {
    decode_part(head.substr(head.find("Content-Type:")) + "\r\n\r\n" + decoded.body, decoded);
    // A single part ends with the message's final line break.
    if (decoded.text && decoded.text->ends_with('\n')) decoded.text->pop_back();
  }
  return decoded;
}

}  // namespace atrium::testing
