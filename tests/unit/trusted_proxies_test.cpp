// The client address behind reverse proxies (PORTAL_SERVER_TRUSTEDPROXIES): only hops added by
// trusted proxies are believed, read from the right.
#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace atrium::http {
namespace {

TrustedProxies trusting(std::string_view list) {
  auto parsed = TrustedProxies::parse(list);
  EXPECT_TRUE(parsed.has_value()) << list;
  return parsed ? *parsed : TrustedProxies{};
}

TEST(TrustedProxies, AddressesAndRangesOfBothFamilies) {
  EXPECT_EQ(to_string(*parse_ip_address("192.0.2.1")), "192.0.2.1");
  EXPECT_EQ(to_string(*parse_ip_address("::ffff:192.0.2.1")), "192.0.2.1");
  EXPECT_EQ(to_string(*parse_ip_address("2001:DB8:0:0::1")), "2001:db8::1");
  for (const char* bad : {"", "192.0.2", "192.0.2.256", "127.1", "example.com", "1.2.3.4:80",
                          "fe80::1%eth0", "::1::2", "1.2.3.4 "}) {
    EXPECT_FALSE(parse_ip_address(bad).has_value()) << bad;
  }
  const IpRange ten = *parse_ip_range("10.0.0.0/8");
  EXPECT_TRUE(ten.contains(*parse_ip_address("10.255.1.2")));
  EXPECT_TRUE(ten.contains(*parse_ip_address("::ffff:10.0.0.1")));
  EXPECT_FALSE(ten.contains(*parse_ip_address("11.0.0.1")));
  EXPECT_FALSE(ten.contains(*parse_ip_address("::a00:1")));  // 10.0.0.1's bits, not mapped
  const IpRange one = *parse_ip_range("192.0.2.7");
  EXPECT_TRUE(one.contains(*parse_ip_address("192.0.2.7")));
  EXPECT_FALSE(one.contains(*parse_ip_address("192.0.2.8")));
  const IpRange ula = *parse_ip_range("fd00::/8");
  EXPECT_TRUE(ula.contains(*parse_ip_address("fd12:3456::1")));
  EXPECT_FALSE(ula.contains(*parse_ip_address("fe80::1")));
  EXPECT_TRUE(parse_ip_range("0.0.0.0/0")->contains(*parse_ip_address("203.0.113.9")));
  EXPECT_FALSE(parse_ip_range("0.0.0.0/0")->contains(*parse_ip_address("2001:db8::1")));
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "fd00::/129", "10.0.0.0/8x",
                          "/8", "10.0.0.0/0008"}) {
    EXPECT_FALSE(parse_ip_range(bad).has_value()) << bad;
  }
}

TEST(TrustedProxies, TheListNamesTheEntryItCannotRead) {
  EXPECT_TRUE(TrustedProxies::parse("").value().empty());
  EXPECT_TRUE(TrustedProxies::parse(" , ").value().empty());
  const TrustedProxies list = trusting("127.0.0.1, 10.0.0.0/8 fd00::/8");
  EXPECT_TRUE(list.trusts(*parse_ip_address("10.1.1.1")));
  EXPECT_TRUE(list.trusts(*parse_ip_address("fd00::5")));
  EXPECT_FALSE(list.trusts(*parse_ip_address("127.0.0.2")));
  const auto refused = TrustedProxies::parse("10.0.0.0/8, nginx.internal");
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().find("\"nginx.internal\""), std::string::npos) << refused.error();
}

TEST(TrustedProxies, ClientAddressTable) {
  const TrustedProxies proxies = trusting("127.0.0.1, 10.0.0.0/8");
  struct Row {
    const char* why;
    const char* peer;
    const char* x_forwarded_for;
    const char* forwarded;
    const char* client;
  };
  const std::vector<Row> rows = {
      {"an untrusted peer's header is ignored", "203.0.113.5", "198.51.100.1", "", "203.0.113.5"},
      {"an untrusted peer's Forwarded too", "203.0.113.5", "", "for=198.51.100.1", "203.0.113.5"},
      {"a trusted peer without headers is the client", "127.0.0.1", "", "", "127.0.0.1"},
      {"one proxy: the address it saw", "127.0.0.1", "198.51.100.1", "", "198.51.100.1"},
      {"a forged entry left of the real one is ignored", "127.0.0.1", "6.6.6.6, 198.51.100.1", "",
       "198.51.100.1"},
      {"two trusted proxies are skipped", "127.0.0.1", "198.51.100.1, 10.0.0.2", "",
       "198.51.100.1"},
      {"all trusted: the left-most", "127.0.0.1", "10.0.0.3, 10.0.0.2", "", "10.0.0.3"},
      {"garbage stops the walk at the last trusted hop", "127.0.0.1", "198.51.100.1, junk", "",
       "127.0.0.1"},
      {"an injected line is never the answer", "127.0.0.1", "1.2.3.4\r\nFORGED", "", "127.0.0.1"},
      {"ports and brackets are stripped", "127.0.0.1", "[2001:db8::7]:4711", "", "2001:db8::7"},
      {"an IPv4 port is stripped", "127.0.0.1", "198.51.100.1:5555", "", "198.51.100.1"},
      {"an IPv6 hop without port", "127.0.0.1", "2001:db8::8", "", "2001:db8::8"},
      {"empty entries stop the walk", "127.0.0.1", "198.51.100.1,,", "", "127.0.0.1"},
      {"Forwarded when there is no X-Forwarded-For", "127.0.0.1", "",
       "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https", "2001:db8:cafe::17"},
      {"Forwarded's name is case-blind", "127.0.0.1", "", "proto=http;For=198.51.100.9",
       "198.51.100.9"},
      {"an obfuscated Forwarded hop stops the walk", "127.0.0.1", "", "for=_hidden", "127.0.0.1"},
      {"X-Forwarded-For wins over Forwarded", "127.0.0.1", "198.51.100.1", "for=198.51.100.2",
       "198.51.100.1"},
      {"a v4-mapped peer is matched as v4", "::ffff:127.0.0.1", "198.51.100.1", "", "198.51.100.1"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(proxies.client_address(row.peer, row.x_forwarded_for, row.forwarded), row.client)
        << row.why;
  }
  EXPECT_EQ(TrustedProxies{}.client_address("127.0.0.1", "198.51.100.1", ""), "127.0.0.1")
      << "no list: nobody is trusted";
}

}  // namespace
}  // namespace atrium::http
