#include "domain/catalogue/content_checks.hpp"

#include "core/encoding.hpp"
#include "domain/directory/names.hpp"

namespace atrium {

namespace {

bool has_control_characters(std::string_view value, bool allow_line_breaks) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

bool is_slug_character(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string derive_slug(std::string_view from) {
  std::string out;
  for (char c : ascii_lower(from)) {
    if (is_slug_character(c)) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, kMaxNameLength);
}

}  // namespace

std::string ContentChecks::name(std::string_view value, std::string_view field) {
  return errors_.take(check_display_name(value, field)).value_or(std::string());
}

void ContentChecks::names(const std::optional<std::string>& name,
                          const std::optional<std::string>& display, bool creating,
                          std::string& name_out, std::string& display_out) {
  if (name || creating) name_out = this->name(name.value_or(""), "Name");
  if (display) {
    display_out = this->name(*display, "DisplayName");
  } else if (creating) {
    display_out = name_out;
  }
}

std::string ContentChecks::slug(std::string_view value, std::string_view from,
                                std::string_view field) {
  std::string slug = value.empty() ? derive_slug(from) : std::string(trim(value));
  bool valid =
      !slug.empty() && slug.size() <= kMaxNameLength && slug.front() != '-' && slug.back() != '-';
  for (char c : slug) valid = valid && (is_slug_character(c) || c == '-');
  if (!valid) {
    errors_.add(std::string(field),
                "must be 1 to 100 of a-z, 0-9 and '-', not starting or ending with '-'");
  }
  return slug;
}

std::string ContentChecks::text(std::string_view value, std::size_t max_characters,
                                std::string_view field) {
  if (!is_valid_utf8(value)) {
    errors_.add(std::string(field), "must be valid UTF-8");
  } else if (utf8_length(value) > max_characters) {
    errors_.add(std::string(field),
                "must be at most " + std::to_string(max_characters) + " characters");
  } else if (has_control_characters(value, true)) {
    errors_.add(std::string(field), "must not contain control characters");
  }
  return std::string(value);
}

std::string ContentChecks::document(std::string_view value, std::size_t max_bytes,
                                    std::string_view field) {
  if (!is_valid_utf8(value)) {
    errors_.add(std::string(field), "must be valid UTF-8");
  } else if (value.size() > max_bytes) {
    errors_.add(std::string(field), "must be at most " + std::to_string(max_bytes / 1024) + " KiB");
  } else if (has_control_characters(value, true)) {
    errors_.add(std::string(field), "must not contain control characters");
  }
  return std::string(value);
}

std::string ContentChecks::url(std::string_view value, std::string_view field) {
  std::string url(trim(value));
  if (url.empty()) return url;
  const std::string lower = ascii_lower(url);
  const bool scheme = lower.rfind("https://", 0) == 0 || lower.rfind("http://", 0) == 0;
  if (!scheme || url.size() > 2048 || has_control_characters(url, false) ||
      url.find_first_of(" <>\"") != std::string::npos) {
    errors_.add(std::string(field), "must be an absolute http or https URL");
  }
  return url;
}

std::string ContentChecks::listen_path(std::string_view value, std::string_view field) {
  std::string path(trim(value));
  if (path.empty()) return path;
  if (path.front() != '/' || path.size() > kMaxShortTextLength ||
      has_control_characters(path, false) || path.find_first_of(" ?#") != std::string::npos) {
    errors_.add(std::string(field), "must be a path starting with '/', without spaces, ? or #");
  }
  return path;
}

long long ContentChecks::count(long long value, std::string_view field) {
  if (value < 0) errors_.add(std::string(field), "must not be negative");
  return value;
}

Status ContentChecks::finish(std::string_view id) { return errors_.finish(std::string(id)); }

}  // namespace atrium
