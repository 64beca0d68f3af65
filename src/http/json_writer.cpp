#include "http/json_writer.hpp"

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
  write_string(name);
  out_ += ':';
  first_ = true;  // the value follows without a comma
}

void JsonWriter::value(std::string_view text) {
  separate();
  if (is_valid_utf8(text)) {
    write_string(text);
  } else {
    write_string(sanitise_utf8(text));
  }
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

void JsonWriter::write_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  // Runs of characters that need no escape are appended whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out_.append(text, run, i - run);
    run = i + 1;
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
