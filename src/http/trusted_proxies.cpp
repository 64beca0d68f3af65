#include "http/trusted_proxies.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace atrium::http {

namespace {

constexpr std::size_t kLongestAddressText = 64;  // INET6_ADDRSTRLEN is 46
constexpr int kMappedPrefixBits = 96;            // the ::ffff: in front of an IPv4 address

bool is_ipv4_mapped(const IpAddress& a) {
  return std::all_of(a.bytes.begin(), a.bytes.begin() + 10, [](auto b) { return b == 0; }) &&
         a.bytes[10] == 0xff && a.bytes[11] == 0xff;
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return (a | 0x20) == (b | 0x20); });
}

// One hop's address as a proxy writes it: "192.0.2.1", "192.0.2.1:4711", "2001:db8::1",
// "[2001:db8::1]:4711", any of them quoted (Forwarded).
std::optional<IpAddress> hop_address(std::string_view text) {
  text = trimmed(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));
  }
  return parse_ip_address(text);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// The for= value of each element of a Forwarded header; "" for an element without one, so that
// the walk stops there rather than skipping a hop it cannot read.
std::vector<std::string_view> forwarded_for(std::string_view forwarded) {
  std::vector<std::string_view> hops;
  for (std::string_view element : split(forwarded, ',')) {
    std::string_view found;
    for (std::string_view pair : split(element, ';')) {
      pair = trimmed(pair);
      if (starts_with_ignoring_case(pair, "for=")) found = pair.substr(4);
    }
    hops.push_back(found);
  }
  return hops;
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  if (text.empty() || text.size() > kLongestAddressText) return std::nullopt;
  std::array<char, kLongestAddressText + 1> buffer{};
  std::memcpy(buffer.data(), text.data(), text.size());
  IpAddress address;
  if (text.find(':') != std::string_view::npos) {
    if (inet_pton(AF_INET6, buffer.data(), address.bytes.data()) != 1) return std::nullopt;
    return address;
  }
  address.bytes[10] = 0xff;
  address.bytes[11] = 0xff;
  if (inet_pton(AF_INET, buffer.data(), address.bytes.data() + 12) != 1) return std::nullopt;
  return address;
}

std::string to_string(const IpAddress& address) {
  std::array<char, INET6_ADDRSTRLEN> buffer{};
  const bool v4 = is_ipv4_mapped(address);
  const void* bytes = v4 ? address.bytes.data() + 12 : address.bytes.data();
  if (inet_ntop(v4 ? AF_INET : AF_INET6, bytes, buffer.data(), buffer.size()) == nullptr)
    return "-";
  return buffer.data();
}

bool IpRange::contains(const IpAddress& address) const {
  int bits = prefix_bits;
  for (std::size_t i = 0; i < base.bytes.size() && bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<IpRange> parse_ip_range(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = parse_ip_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  IpRange range{*address, 128};
  if (slash == std::string_view::npos) return range;
  const std::string_view digits = text.substr(slash + 1);
  int bits = -1;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.size() > 3 ||
      bits < 0 || bits > (v4 ? 32 : 128)) {
    return std::nullopt;
  }
  range.prefix_bits = v4 ? bits + kMappedPrefixBits : bits;
  return range;
}

tl::expected<TrustedProxies, std::string> TrustedProxies::parse(std::string_view list) {
  std::vector<IpRange> ranges;
  std::string separated(list);
  std::replace_if(
      separated.begin(), separated.end(), [](char c) { return c == ' ' || c == '\t'; }, ',');
  for (std::string_view entry : split(separated, ',')) {
    if (entry.empty()) continue;
    auto range = parse_ip_range(entry);
    if (!range) {
      return tl::unexpected(
          "\"" + std::string(entry) +
          "\" is not an IP address or a CIDR block (like 10.0.0.0/8 or fd00::/8)");
    }
    ranges.push_back(*range);
  }
  return TrustedProxies(std::move(ranges));
}

bool TrustedProxies::trusts(const IpAddress& address) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [&](const IpRange& range) { return range.contains(address); });
}

std::string TrustedProxies::client_address(std::string_view peer, std::string_view x_forwarded_for,
                                           std::string_view forwarded) const {
  const auto peer_address = parse_ip_address(peer);
  if (!peer_address || !trusts(*peer_address)) return std::string(peer);
  std::vector<std::string_view> hops =
      !trimmed(x_forwarded_for).empty()
          ? split(x_forwarded_for, ',')
          : (!trimmed(forwarded).empty() ? forwarded_for(forwarded)
                                         : std::vector<std::string_view>{});
  // Nearest hop first (std::views::reverse does not build with clang 14 on libstdc++ 12: fuzz).
  std::reverse(hops.begin(), hops.end());
  IpAddress client = *peer_address;
  for (const std::string_view hop : hops) {
    const auto address = hop_address(hop);
    if (!address) break;  // unreadable: what lies left of it cannot be attributed to a proxy
    client = *address;
    if (!trusts(client)) break;
  }
  return to_string(client);
}

}  // namespace atrium::http
