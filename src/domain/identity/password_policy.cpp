#include "domain/identity/password_policy.hpp"

#include <string>

#include "core/encoding.hpp"

namespace atrium {

Status check_password(std::string_view password, std::string_view field) {
  const std::string name(field);
  if (!is_valid_utf8(password)) return fail(field_error(name, "must be valid UTF-8"));
  const std::size_t length = utf8_length(password);
  if (length < kPasswordMinLength) {
    return fail(field_error(name, "must be at least 8 characters long"));
  }
  if (length > kPasswordMaxLength) {
    return fail(field_error(name, "must be at most 128 characters long"));
  }
  return ok();
}

}  // namespace atrium
