#include "domain/identity/email.hpp"

#include "core/encoding.hpp"

namespace atrium {

Result<std::string> normalise_email(std::string_view raw, std::string_view field) {
  const std::string_view email = trim(raw);
  const std::string name(field);
  if (email.empty()) return fail(field_error(name, "is required"));
  if (email.size() > 254) return fail(field_error(name, "must be at most 254 characters"));
  if (!is_valid_utf8(email)) return fail(field_error(name, "must be valid UTF-8"));
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) {
    return fail(field_error(name, "must be an email address like name@example.com"));
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.size() > 64) return fail(field_error(name, "local part must be at most 64 characters"));
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    // ':' too: unquoted, it starts an RFC 5322 group, and the mailer refuses it.
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == ':' ||
        c == '"' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']') {
      return fail(field_error(
          name, "must not contain spaces, quotes, brackets, colons or control characters"));
    }
  }
  if (local.find('@') != std::string_view::npos) {
    return fail(field_error(name, "must contain exactly one '@'"));
  }
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || domain.front() == '-') {
    return fail(field_error(name, "must have a domain like example.com"));
  }
  return std::string(email);
}

std::string email_key(std::string_view email) { return ascii_lower(email); }

}  // namespace atrium
