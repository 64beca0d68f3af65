#include "http/query_params.hpp"

#include <charconv>
#include <string>

#include "core/encoding.hpp"

namespace atrium::http {

namespace {

std::optional<long long> parse_int(std::string_view text) {
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<long long> QueryReader::positive_int(std::string_view name) {
  const auto raw = request_.query_param(name);
  if (!raw) return std::nullopt;
  const auto value = parse_int(*raw);
  if (!value || *value <= 0) {
    errors_.add(std::string(name), "must be a positive integer");
    return std::nullopt;
  }
  return value;
}

PageRequest QueryReader::page() {
  PageRequest page;
  if (auto p = positive_int("page")) page.page = *p;
  if (auto per = positive_int("per_page")) {
    if (*per > kMaxPerPage) {
      errors_.add("per_page", "must be at most " + std::to_string(kMaxPerPage));
    } else {
      page.per_page = *per;
    }
  }
  if (auto limit = positive_int("limit")) {
    if (*limit > kMaxPerPage) {
      errors_.add("limit", "must be at most " + std::to_string(kMaxPerPage));
    } else if (!request_.query_param("per_page")) {
      page.per_page = *limit;
    }
  }
  // Far pages would overflow the offset; nothing lives there anyway.
  if (page.page > 1'000'000'000LL) errors_.add("page", "must be at most 1000000000");
  return page;
}

std::optional<KeysetPage> QueryReader::keyset_page(const PageRequest& page) {
  const auto raw = request_.query_param("after_id");
  if (!raw) return std::nullopt;
  const auto after_id = parse_int(*raw);
  if (!after_id || *after_id < 0) {
    errors_.add("after_id", "must be a non-negative integer");
    return std::nullopt;
  }
  if (request_.query_param("page")) {
    errors_.add("after_id", "cannot be combined with page: use one or the other");
    return std::nullopt;
  }
  return KeysetPage{*after_id, page.per_page};
}

std::optional<bool> QueryReader::boolean(std::string_view name) {
  const auto raw = request_.query_param(name);
  if (!raw) return std::nullopt;
  const std::string value = ascii_lower(*raw);
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  errors_.add(std::string(name), "must be true or false");
  return std::nullopt;
}

std::optional<std::string> QueryReader::text(std::string_view name, std::size_t max_length) {
  const auto raw = request_.query_param(name);
  if (!raw) return std::nullopt;
  if (!is_valid_utf8(*raw)) {
    errors_.add(std::string(name), "must be valid UTF-8");
    return std::nullopt;
  }
  if (raw->size() > max_length) {
    errors_.add(std::string(name), "must be at most " + std::to_string(max_length) + " bytes");
    return std::nullopt;
  }
  return std::string(*raw);
}

}  // namespace atrium::http
