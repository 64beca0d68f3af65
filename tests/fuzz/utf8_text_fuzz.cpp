// The UTF-8 and request-text checks (core/encoding, core/log_text, http/request_text): every text
// of a request passes through them before the domain, the databases and the log see it.
// Invariants: is_valid_utf8 agrees with Unicode's table of well-formed sequences; is_clean_text
// and check_request_text accept exactly clean text; sanitise_utf8 always yields clean text and
// leaves clean text alone; escape_log_text yields one printable line that unescapes back to the
// input; json_log_string is the same line as a JSON string.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "core/log_text.hpp"
#include "fuzz_support.hpp"
#include "http/request_text.hpp"

namespace {

using atrium::fuzz::reference_utf8;

std::optional<unsigned> hex_digits(std::string_view text) {
  unsigned value = 0;
  for (const char c : text) {
    const auto digit = std::string_view("0123456789ABCDEF").find(c);
    if (digit == std::string_view::npos) return std::nullopt;
    value = value * 16 + static_cast<unsigned>(digit);
  }
  return value;
}

void append_utf8(std::string& out, unsigned code_point) {
  if (code_point < 0x800) {
    out += static_cast<char>(0xC0U | (code_point >> 6U));
  } else {
    out += static_cast<char>(0xE0U | (code_point >> 12U));
    out += static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU));
  }
  out += static_cast<char>(0x80U | (code_point & 0x3FU));
}

// The reverse of escape_log_text, as its header documents the escapes; nullopt for a backslash
// that starts none of them.
std::optional<std::string> unescape_log_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    const std::string_view rest = text.substr(i + 1);
    if (rest.starts_with('n') || rest.starts_with('r') || rest.starts_with('t') ||
        rest.starts_with('\\')) {
      out += rest[0] == 'n' ? '\n' : rest[0] == 'r' ? '\r' : rest[0] == 't' ? '\t' : '\\';
      i += 1;
    } else if (rest.starts_with('x') && rest.size() >= 3) {
      const auto byte = hex_digits(rest.substr(1, 2));
      if (!byte) return std::nullopt;
      out += static_cast<char>(*byte);
      i += 3;
    } else if (rest.starts_with('u') && rest.size() >= 5) {
      const auto code_point = hex_digits(rest.substr(1, 4));
      if (!code_point || *code_point < 0x80) return std::nullopt;
      append_utf8(out, *code_point);
      i += 5;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool clean(std::string_view text) {
  return reference_utf8(text) && text.find('\0') == std::string_view::npos;
}

void check_utf8(std::string_view text) {
  FUZZ_CHECK(atrium::is_valid_utf8(text) == reference_utf8(text));
  FUZZ_CHECK(atrium::http::is_clean_text(text) == clean(text));
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t length = atrium::utf8_sequence_length(text, i);
    FUZZ_CHECK(i + length <= text.size());
    if (length == 0) {
      const std::size_t malformed = atrium::utf8_malformed_length(text, i);
      FUZZ_CHECK(malformed >= 1 && malformed <= 3 && i + malformed <= text.size());
      FUZZ_CHECK(!reference_utf8(text.substr(i, malformed)));
    } else {
      FUZZ_CHECK(reference_utf8(text.substr(i, length)));
    }
  }
  const std::string sanitised = atrium::sanitise_utf8(text);
  FUZZ_CHECK(clean(sanitised));
  if (clean(text)) {
    FUZZ_CHECK(sanitised == text);
    FUZZ_CHECK(atrium::utf8_length(text) == atrium::utf8_length(sanitised));
  }
  const std::size_t cap = text.empty() ? 0 : static_cast<unsigned char>(text[0]) % 16;
  const std::string cut = atrium::sanitise_utf8(text, cap);
  FUZZ_CHECK(clean(cut) && atrium::utf8_length(cut) <= cap);
  FUZZ_CHECK(sanitised.starts_with(cut));
}

void check_log_text(std::string_view text) {
  const std::string escaped = atrium::escape_log_text(text);
  FUZZ_CHECK(atrium::fuzz::is_plain_text(escaped));
  FUZZ_CHECK(escaped.size() <= 4 * text.size());
  for (const std::string_view line_break : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    FUZZ_CHECK(escaped.find(line_break) == std::string::npos);
  }
  const auto unescaped = unescape_log_text(escaped);
  FUZZ_CHECK(unescaped.has_value() && *unescaped == text);

  const std::string json_text = atrium::json_log_string(text);
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  FUZZ_CHECK(parsed.is_string() && parsed.get<std::string>() == escaped);
}

void check_request_text(std::string_view text) {
  atrium::http::Request request;
  request.params.emplace("id", std::string(text));
  const auto path_checked = atrium::http::check_request_text(request, false);
  FUZZ_CHECK(path_checked.has_value() == clean(text));

  request.params.clear();
  request.headers.emplace_back(std::string(text), "value");
  const auto header_checked = atrium::http::check_request_text(request, false);
  FUZZ_CHECK(header_checked.has_value() == clean(text));
  if (!header_checked) FUZZ_CHECK(atrium::fuzz::is_plain_error(header_checked.error()));
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = atrium::fuzz::as_text(data, size);
  check_utf8(text);
  check_log_text(text);
  check_request_text(text);
  return 0;
}
