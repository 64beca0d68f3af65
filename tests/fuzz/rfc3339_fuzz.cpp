// parse_rfc3339 (core/time_format): timestamps clients send (the audit log's since/until,
// invite codes' ExpiresAt). Invariants: only text of the documented form is accepted (checked
// against the grammar, character by character), and what format_rfc3339 writes for an accepted
// time parses back to the same second.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time_format.hpp"
#include "fuzz_support.hpp"

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return false;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// "YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)", character classes only (ranges are the parser's).
bool has_documented_form(std::string_view text) {
  constexpr std::string_view kShape = "DDDD-DD-DDTDD:DD:DD";
  if (text.size() < kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool ok = kShape[i] == 'D'   ? digits(text, i, 1)
                    : kShape[i] == 'T' ? (text[i] == 'T' || text[i] == 't')
                                       : text[i] == kShape[i];
    if (!ok) return false;
  }
  std::size_t at = kShape.size();
  if (at < text.size() && text[at] == '.') {
    const std::size_t start = ++at;
    while (digits(text, at, 1)) ++at;
    if (at == start) return false;
  }
  const std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2) &&
         zone[3] == ':' && digits(zone, 4, 2);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = atrium::fuzz::as_text(data, size);
  const auto parsed = atrium::parse_rfc3339(text);
  if (!parsed) return 0;
  FUZZ_CHECK(has_documented_form(text));
  const auto written = atrium::format_rfc3339(*parsed);
  const auto reread = atrium::parse_rfc3339(written);
  FUZZ_CHECK(reread.has_value());
  FUZZ_CHECK(*reread == std::chrono::floor<std::chrono::seconds>(*parsed));
  FUZZ_CHECK(atrium::format_tyk_time(*parsed).size() == 16);
  return 0;
}
