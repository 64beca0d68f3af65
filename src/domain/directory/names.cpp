#include "domain/directory/names.hpp"

#include <charconv>

#include "core/encoding.hpp"

namespace atrium {

Result<std::string> check_display_name(std::string_view raw, std::string_view field) {
  if (trim(raw).empty()) return fail(field_error(std::string(field), "must not be empty"));
  return check_optional_name(raw, field);
}

Result<std::string> check_optional_name(std::string_view raw, std::string_view field) {
  const std::string name(field);
  const std::string_view value = trim(raw);
  if (!is_valid_utf8(value)) return fail(field_error(name, "must be valid UTF-8"));
  if (utf8_length(value) > kMaxNameLength) {
    return fail(field_error(name, "must be at most 100 characters"));
  }
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F)
      return fail(field_error(name, "must not contain control characters"));
  }
  return std::string(value);
}

bool parse_numeric_id(std::string_view ref, long long& id) {
  if (ref.empty() || ref.size() > 18) return false;
  const auto [ptr, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  return ec == std::errc() && ptr == ref.data() + ref.size() && id > 0;
}

}  // namespace atrium
