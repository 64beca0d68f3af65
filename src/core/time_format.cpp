#include "core/time_format.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>

namespace atrium {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

std::string format_rfc3339(TimePoint t) {
  const auto secs = std::chrono::floor<seconds>(t);
  const auto day = std::chrono::floor<days>(secs);
  const year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{secs - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string format_tyk_time(TimePoint t) {
  std::string full = format_rfc3339(t);  // "YYYY-MM-DDTHH:MM:SSZ"
  full[10] = ' ';
  return full.substr(0, 16);
}

std::string format_human_time(TimePoint t) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto minutes = std::chrono::floor<std::chrono::minutes>(t);
  const auto day = std::chrono::floor<days>(minutes);
  const year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{minutes - day};
  std::array<char, 48> buf{};
  std::snprintf(buf.data(), buf.size(), "%u %s %d, %02d:%02d UTC", static_cast<unsigned>(ymd.day()),
                kMonths.at(static_cast<unsigned>(ymd.month()) - 1).data(),
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  return buf.data();
}

namespace {

// Exactly `len` decimal digits (from_chars alone would also take a sign: "-1" as an hour).
bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const char* first = text.data() + pos;
  const auto [ptr, ec] = std::from_chars(first, first + len, out);
  return ec == std::errc() && ptr == first + len;
}

}  // namespace

std::optional<TimePoint> parse_rfc3339(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (!read_int(text, 0, 4, y) || !read_int(text, 5, 2, mo) || !read_int(text, 8, 2, d) ||
      !read_int(text, 11, 2, h) || !read_int(text, 14, 2, mi) || !read_int(text, 17, 2, s)) {
    return std::nullopt;
  }
  const year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                           std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::size_t pos = 19;
  long long millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (pos >= text.size()) return std::nullopt;
  int offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0, om = 0;
    if (pos + 6 != text.size() || text[pos + 3] != ':' || !read_int(text, pos + 1, 2, oh) ||
        !read_int(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (text[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  // In seconds first: TimePoint counts nanoseconds, so years before 1678 or after 2261 (Go's zero
  // time "0001-01-01T00:00:00Z" among them) would overflow it; they are refused.
  const auto t = sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + seconds{s} -
                 std::chrono::minutes{offset_minutes};
  if (t <= std::chrono::floor<seconds>(TimePoint::min()) ||
      t >= std::chrono::floor<seconds>(TimePoint::max())) {
    return std::nullopt;
  }
  return std::chrono::time_point_cast<TimePoint::duration>(t) + std::chrono::milliseconds{millis};
}

}  // namespace atrium
