// The Cookie header parser (http/cookies: cookie_value) and the Set-Cookie writer beside it.
// Invariants: a value found is trimmed, holds no ';' and was sent in one of the Cookie headers;
// the session cookie we write reads back as the value we wrote, whatever else the browser sends.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "fuzz_support.hpp"
#include "http/cookies.hpp"
#include "http/request.hpp"

namespace {

void check_found(const atrium::http::Request& request, std::string_view name) {
  const auto value = atrium::http::cookie_value(request, name);
  if (!value) return;
  FUZZ_CHECK(value->find(';') == std::string::npos);
  FUZZ_CHECK(atrium::trim(*value) == *value);
  bool sent = false;
  for (const auto& [header, text] : request.headers) {
    sent = sent || text.find(*value) != std::string::npos;
  }
  FUZZ_CHECK(sent);
}

// The first cookie name in the first header, as a browser would send it back.
std::string first_name(const atrium::http::Request& request) {
  if (request.headers.empty()) return {};
  const std::string& text = request.headers.front().second;
  return std::string(atrium::trim(std::string_view(text).substr(0, text.find('='))));
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One Cookie header per line, as several headers would arrive.
  std::string_view text = atrium::fuzz::as_text(data, size);
  atrium::http::Request request;
  while (!text.empty()) {
    const auto end = text.find('\n');
    request.headers.emplace_back("cookie", std::string(text.substr(0, end)));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  check_found(request, "portal-session");
  check_found(request, first_name(request));

  // Ours first in the first header, then whatever else was sent: ours is what is read.
  constexpr std::string_view kToken = "dGhpcyBpcyBhIHRva2Vu-_0123456789";
  const std::string written = atrium::http::set_cookie("portal-session", kToken, {});
  const std::string pair = written.substr(0, written.find(';'));
  if (request.headers.empty()) request.headers.emplace_back("cookie", "");
  request.headers.front().second.insert(0, pair + "; ");
  FUZZ_CHECK(atrium::http::cookie_value(request, "portal-session") == kToken);
  return 0;
}
