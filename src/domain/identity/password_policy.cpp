#include "domain/identity/password_policy.hpp"

#include <string>
#include <unordered_set>

#include "core/encoding.hpp"

namespace atrium {

// The embedded list (resources/common-passwords.txt), generated at build time.
std::string_view common_passwords_text();

namespace {

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    std::string_view text = common_passwords_text();
    while (!text.empty()) {
      const auto end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      out.insert(ascii_lower(line));
    }
    return out;
  }();
  return set;
}

}  // namespace

bool is_common_password(std::string_view password) {
  return common_passwords().contains(ascii_lower(password));
}

Status check_password(std::string_view password, std::string_view email, std::string_view field) {
  const std::string name(field);
  if (!is_valid_utf8(password)) return fail(field_error(name, "must be valid UTF-8"));
  const std::size_t length = utf8_length(password);
  if (length < kPasswordMinLength) {
    return fail(field_error(name, "must be at least 8 characters long"));
  }
  if (length > kPasswordMaxLength) {
    return fail(field_error(name, "must be at most 128 characters long"));
  }
  if (is_common_password(password)) {
    return fail(field_error(name, "is too common; choose one that is harder to guess"));
  }
  const auto at = email.find('@');
  const std::string local = ascii_lower(trim(email.substr(0, at)));
  if (local.size() >= 3 && ascii_lower(password).find(local) != std::string::npos) {
    return fail(field_error(name, "must not contain your email address"));
  }
  return ok();
}

}  // namespace atrium
