#include "http/json_util.hpp"

#include <charconv>
#include <string>

#include "core/time_format.hpp"

namespace atrium::http {

nlohmann::json json_time(std::optional<TimePoint> t) {
  if (!t) return nullptr;
  return format_rfc3339(*t);
}

Result<long long> parse_path_id(std::string_view text, std::string_view what) {
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) {
    return fail(not_found(std::string(what) + ".not_found", std::string(what) + " not found"));
  }
  return value;
}

}  // namespace atrium::http
