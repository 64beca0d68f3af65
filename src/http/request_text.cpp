#include "http/request_text.hpp"

#include <string>

#include "core/encoding.hpp"
#include "core/log_text.hpp"

namespace atrium::http {

namespace {

Error unclean(std::string_view where, std::string_view name) {
  const std::string field = escape_log_text(name);
  const std::string what = std::string(where) + field;
  return invalid_argument("request.invalid", what + " must be valid UTF-8 without NUL characters",
                          {FieldError{what, "must be valid UTF-8 without NUL characters"}});
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ascii_iequals(text.substr(0, prefix.size()), prefix);
}

}  // namespace

bool is_clean_text(std::string_view text) {
  return text.find('\0') == std::string_view::npos && is_valid_utf8(text);
}

Status check_request_text(const Request& request, bool form_body) {
  for (const auto& [name, value] : request.params) {
    if (!is_clean_text(value)) return fail(unclean("", name));
  }
  for (const auto& [name, value] : request.query) {
    if (!is_clean_text(name) || !is_clean_text(value)) return fail(unclean("", name));
  }
  for (const auto& [name, value] : request.headers) {
    if (!is_clean_text(name) || !is_clean_text(value)) return fail(unclean("header ", name));
  }
  if (form_body) {
    for (const auto& [name, value] : parse_query(request.body)) {
      if (!is_clean_text(name) || !is_clean_text(value)) return fail(unclean("", name));
    }
  }
  return ok();
}

bool body_is_form(const Request& request, std::string_view route_pattern) {
  if (request.body.empty() || starts_with_ignoring_case(route_pattern, "/portal-api/")) {
    return false;
  }
  const std::string_view type = request.header("content-type").value_or("");
  return !starts_with_ignoring_case(type, "application/json") &&
         !starts_with_ignoring_case(type, "multipart/form-data");
}

}  // namespace atrium::http
