#pragma once

#include <optional>
#include <string_view>

#include "core/field_errors.hpp"
#include "domain/paging.hpp"
#include "http/request.hpp"

namespace atrium::http {

// Reads query parameters strictly: a present but malformed value is a 400 naming the parameter.
class QueryReader {
 public:
  explicit QueryReader(const Request& request) : request_(request) {}

  // `page` (>= 1, default 1), `per_page` (1..100, default 20) and Tyk's `limit` (caps per_page).
  PageRequest page();
  // Keyset paging, our extension of Tyk's (for lists ordered by id): `after_id` (>= 0) with the
  // per_page of `page` (as page() read it); nullopt when absent or malformed. Given together with
  // `page`, a field error on after_id whose message names page.
  std::optional<KeysetPage> keyset_page(const PageRequest& page);
  std::optional<long long> positive_int(std::string_view name);
  std::optional<bool> boolean(std::string_view name);
  std::optional<std::string> text(std::string_view name, std::size_t max_length = 254);

  Status finish() const { return errors_.finish("request.invalid_query"); }

 private:
  const Request& request_;
  FieldErrors errors_;
};

}  // namespace atrium::http
