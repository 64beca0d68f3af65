#include <gtest/gtest.h>

#include <string>

#include "core/encoding.hpp"
#include "core/log_text.hpp"

namespace atrium {
namespace {

TEST(LogText, PlainTextAndUtf8StayAsTheyAre) {
  EXPECT_EQ(escape_log_text(""), "");
  EXPECT_EQ(escape_log_text("/portal-api/users/17?x=1"), "/portal-api/users/17?x=1");
  EXPECT_EQ(escape_log_text("Zoë Łukasz 日本 😀"), "Zoë Łukasz 日本 😀");
}

TEST(LogText, LineBreaksCannotStartALine) {
  EXPECT_EQ(escape_log_text("/nothing\r\n2026-12-03T00:00:00.000+00:00 info FORGED"),
            "/nothing\\r\\n2026-12-03T00:00:00.000+00:00 info FORGED");
  EXPECT_EQ(escape_log_text("a\tb\nc"), "a\\tb\\nc");
}

TEST(LogText, OtherControlsAreHexEscaped) {
  EXPECT_EQ(escape_log_text(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(escape_log_text("\x1B[31mred"), "\\x1B[31mred");
  EXPECT_EQ(escape_log_text("\x7F\x01\x1F"), "\\x7F\\x01\\x1F");
}

TEST(LogText, BackslashesAreDoubledSoEscapesCannotBeFaked) {
  EXPECT_EQ(escape_log_text("\\x0A"), "\\\\x0A");
  EXPECT_EQ(escape_log_text("C:\\dir"), "C:\\\\dir");
}

TEST(LogText, MalformedUtf8BecomesHexBytes) {
  EXPECT_EQ(escape_log_text("/users/\xFF"), "/users/\\xFF");
  EXPECT_EQ(escape_log_text("\xC3"), "\\xC3");                    // truncated sequence
  EXPECT_EQ(escape_log_text("\xC0\xAF"), "\\xC0\\xAF");           // overlong
  EXPECT_EQ(escape_log_text("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // surrogate
  EXPECT_EQ(escape_log_text("\xE6\x97\xA5\xFF\xE6"), "\xE6\x97\xA5\\xFF\\xE6");
}

TEST(LogText, UnicodeLineBreaksAndC1ControlsAreEscaped) {
  EXPECT_EQ(escape_log_text("a\xC2\x85z"), "a\\u0085z");  // NEL
  EXPECT_EQ(escape_log_text("\xC2\x9B"), "\\u009B");      // CSI
  EXPECT_EQ(escape_log_text("a\xE2\x80\xA8z\xE2\x80\xA9"), "a\\u2028z\\u2029");
  EXPECT_EQ(escape_log_text("\xC2\xA0"), "\xC2\xA0");  // U+00A0 is printable
}

TEST(LogText, EveryByteValueGivesCleanUtf8) {
  for (int b = 0; b < 256; ++b) {
    const std::string input = "x" + std::string(1, static_cast<char>(b)) + "y";
    const std::string out = escape_log_text(input);
    EXPECT_TRUE(is_valid_utf8(out)) << b;
    for (char c : out) {
      const auto u = static_cast<unsigned char>(c);
      EXPECT_FALSE(u < 0x20U || u == 0x7FU) << "byte " << b << " left a control in " << out;
    }
    EXPECT_LE(out.size(), input.size() * 4);
  }
}

TEST(LogText, JsonStringsReadBackAsTheTextLogForm) {
  EXPECT_EQ(json_log_string(""), "\"\"");
  EXPECT_EQ(json_log_string("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(json_log_string("a\r\nb\xFF"), "\"a\\\\r\\\\nb\\\\xFF\"");
  EXPECT_EQ(json_log_string("Zoë"), "\"Zoë\"");
}

}  // namespace
}  // namespace atrium
