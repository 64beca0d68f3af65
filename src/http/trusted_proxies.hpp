#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace atrium::http {

// An IPv4 or IPv6 address as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that one
// range type covers both and a v4 peer seen on a dual-stack socket matches a v4 range.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1"; nothing else (no ports, no names).
std::optional<IpAddress> parse_ip_address(std::string_view text);
// IPv4 addresses in dotted form (also when they came IPv4-mapped), IPv6 in RFC 5952 form.
std::string to_string(const IpAddress& address);

struct IpRange {
  IpAddress base;
  int prefix_bits = 128;  // of the 16-byte form: an IPv4 /24 is 120
  bool contains(const IpAddress& address) const;
};

// An address (a range of one) or a CIDR block: "10.0.0.0/8", "fd00::/8", "127.0.0.1".
std::optional<IpRange> parse_ip_range(std::string_view text);

// The peers whose forwarding headers are believed (PORTAL_SERVER_TRUSTEDPROXIES), and the client
// address they lead to. Behind a proxy every connection comes from the proxy; the proxy names
// the client in X-Forwarded-For (nginx's $proxy_add_x_forwarded_for appends the address it saw)
// or in RFC 7239's Forwarded. Only entries added by trusted hops can be believed, so the list is
// read from the right: the first address that is not a trusted proxy is the client. Anything a
// client wrote further left is ignored, and so are the headers of a peer that is not trusted.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<IpRange> ranges) : ranges_(std::move(ranges)) {}

  // A comma- or space-separated list of addresses and CIDR blocks; "" trusts no one. The error
  // names the entry that is neither.
  static tl::expected<TrustedProxies, std::string> parse(std::string_view list);

  bool empty() const { return ranges_.empty(); }
  bool trusts(const IpAddress& address) const;

  // The client's address for a connection from `peer` (as the socket reports it) carrying these
  // headers (every X-Forwarded-For field joined with ","; the same for Forwarded). X-Forwarded-For
  // wins when both are present. The answer is always an address printed by to_string() (or
  // `peer` itself when it is not one), never header text.
  std::string client_address(std::string_view peer, std::string_view x_forwarded_for,
                             std::string_view forwarded) const;

 private:
  std::vector<IpRange> ranges_;
};

}  // namespace atrium::http
