#include <gtest/gtest.h>

#include <array>
#include <span>
#include <string>

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "support/counting_random.hpp"

namespace atrium {
namespace {

TEST(Encoding, HexAndBase64Url) {
  const std::array<std::byte, 3> bytes{std::byte{0x00}, std::byte{0xAB}, std::byte{0xFF}};
  EXPECT_EQ(hex_encode(bytes), "00abff");
  EXPECT_EQ(base64url_encode(std::span(bytes).first(1)), "AA");
  EXPECT_EQ(base64url_encode(std::span(bytes).first(2)), "AKs");
  EXPECT_EQ(base64url_encode(bytes), "AKv_");
  // The standard alphabet, padded (RFC 4648 §10 test vectors plus the same bytes).
  EXPECT_EQ(base64_encode(std::span(bytes).first(1)), "AA==");
  EXPECT_EQ(base64_encode(std::span(bytes).first(2)), "AKs=");
  EXPECT_EQ(base64_encode(bytes), "AKv/");
  const std::string foobar = "foobar";
  EXPECT_EQ(base64_encode(std::as_bytes(std::span(foobar))), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::as_bytes(std::span(foobar).first(4))), "Zm9vYg==");
  EXPECT_EQ(base64_encode({}), "");
}

TEST(Encoding, Base64DecodeUndoesEncode) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n : {0U, 1U, 2U, 3U, 4U, 255U, 256U}) {
    const std::string bytes = all.substr(0, n);
    const auto decoded = base64_decode(base64_encode(std::as_bytes(std::span(bytes))));
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, bytes) << n;
  }
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  for (const char* bad : {"Zm9", "Zm9v!A==", "Z===", "Zg==Zm9v", "Zm=v", "Zm9vYmFy\n"}) {
    EXPECT_FALSE(base64_decode(bad)) << bad;
  }
}

TEST(Encoding, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("Grüße, 世界, 😀"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_EQ(utf8_length("Grüße😀"), 6U);
}

TEST(Encoding, SanitiseReplacesMalformedBytesAndCuts) {
  EXPECT_EQ(sanitise_utf8("Grüße"), "Grüße");
  EXPECT_EQ(sanitise_utf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(sanitise_utf8(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(sanitise_utf8("\xC3"), "\xEF\xBF\xBD");
  EXPECT_EQ(sanitise_utf8("äöü", 2), "äö");  // cut by code points, never inside one
  EXPECT_EQ(utf8_sequence_length("\xE2\x82\xAC", 0), 3U);
  EXPECT_EQ(utf8_sequence_length("\xE0\x80\x80", 0), 0U);  // overlong
}

TEST(Encoding, TrimAndLower) {
  EXPECT_EQ(trim("  a b \t\n"), "a b");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(ascii_lower("MiXeD@Example.COM"), "mixed@example.com");
}

TEST(Ids, UuidHasVersion4Shape) {
  testing::CountingRandom random;
  const std::string a = new_uuid(random);
  const std::string b = new_uuid(random);
  ASSERT_EQ(a.size(), 36U);
  EXPECT_EQ(a[14], '4');
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
  EXPECT_NE(a, b);
  EXPECT_EQ(random_hex(random, 16).size(), 32U);
  EXPECT_EQ(random_base64url(random, 32).size(), 43U);
}

TEST(TimeFormat, RoundTripsRfc3339) {
  const TimePoint t = from_unix_ms(1'790'000'000'000);
  const std::string text = format_rfc3339(t);
  EXPECT_EQ(text, "2026-09-21T14:13:20Z");
  EXPECT_EQ(parse_rfc3339(text), t);
  EXPECT_EQ(parse_rfc3339("2026-09-21T16:13:20+02:00"), t);
  EXPECT_EQ(parse_rfc3339("2026-09-21T14:13:20.500Z"), t + std::chrono::milliseconds(500));
}

TEST(TimeFormat, HumanTimeIsDayMonthYearAndMinutesInUtc) {
  EXPECT_EQ(format_human_time(*parse_rfc3339("2026-12-03T11:15:59Z")), "3 Dec 2026, 11:15 UTC");
  EXPECT_EQ(format_human_time(*parse_rfc3339("2027-01-21T00:05:00+02:00")),
            "20 Jan 2027, 22:05 UTC");
}

TEST(TimeFormat, RejectsMalformed) {
  for (const char* bad : {"", "2026-09-21", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-09-21T25:00:00Z", "2026-09-21T14:13:20", "2026-09-21T14:13:20Zjunk",
                          "2026-09-21T14:13:20+0200", "abcd-ef-ghTij:kl:mnZ"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

// Found by tests/fuzz/rfc3339: std::from_chars took a sign, so "-1" passed as an hour (an hour
// before midnight), and years outside TimePoint's nanosecond range overflowed it (undefined
// behaviour; Go's zero time is such a year).
TEST(TimeFormat, RefusesSignsAndYearsTimePointCannotHold) {
  for (const char* bad :
       {"2026-01-01T-1:00:00Z", "2026-01-01T00:-5:00Z", "2026-01-01T00:00:-9Z",
        "+026-01-01T00:00:00Z", "2026-01-01T00:00:00+-1:00", "0001-01-01T00:00:00Z",
        "1677-01-01T00:00:00Z", "2263-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("1700-01-01T00:00:00Z")), "1700-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2261-12-31T23:59:59Z")), "2261-12-31T23:59:59Z");
}

}  // namespace
}  // namespace atrium
