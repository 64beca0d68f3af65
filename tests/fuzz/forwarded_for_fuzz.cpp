// The client address behind trusted proxies (http/trusted_proxies: client_address) and the
// address and range parsers under it. Invariants: the answer is the peer when the peer is not
// trusted; otherwise it is an address that parses and prints back to itself, so no header text
// reaches a log line or a throttle key; a parsed address prints to a form that parses back equal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "http/trusted_proxies.hpp"

namespace {

using atrium::http::parse_ip_address;

// The next line of the input (without its '\n'); the rest stays in `text`.
std::string_view next_line(std::string_view& text) {
  const auto end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return line;
}

void check_round_trip(std::string_view text) {
  const auto address = parse_ip_address(text);
  if (!address) return;
  const auto again = parse_ip_address(atrium::http::to_string(*address));
  FUZZ_CHECK(again.has_value() && *again == *address);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Lines: the trusted list, the peer, X-Forwarded-For, Forwarded.
  std::string_view text = atrium::fuzz::as_text(data, size);
  const std::string_view list = next_line(text);
  const std::string_view peer = next_line(text);
  const std::string_view x_forwarded_for = next_line(text);
  const std::string_view forwarded = next_line(text);
  check_round_trip(peer);
  check_round_trip(x_forwarded_for);
  (void)atrium::http::parse_ip_range(list);

  auto proxies = atrium::http::TrustedProxies::parse(list);
  if (!proxies) proxies = atrium::http::TrustedProxies::parse("127.0.0.0/8 ::1 10.0.0.0/8");
  FUZZ_CHECK(proxies.has_value());
  const std::string client = proxies->client_address(peer, x_forwarded_for, forwarded);
  const auto peer_address = parse_ip_address(peer);
  if (!peer_address || !proxies->trusts(*peer_address)) {
    FUZZ_CHECK(client == peer);
    return 0;
  }
  const auto client_address = parse_ip_address(client);
  FUZZ_CHECK(client_address.has_value());
  FUZZ_CHECK(atrium::http::to_string(*client_address) == client);
  return 0;
}
