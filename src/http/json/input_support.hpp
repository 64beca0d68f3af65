#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/json_body.hpp"
#include "http/request.hpp"

// What the request readers of several resources share.
namespace atrium::http {

// Parses the body as a JSON object, reads it with `read(ObjectReader&)` and reports every field
// error (unknown fields too) together.
template <typename Read>
auto read_body(const Request& request, Read&& read)
    -> decltype(read(std::declval<ObjectReader&>())) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  auto value = read(reader);
  ATRIUM_TRY(reader.finish());
  return value;
}

// An array of positive ids. Absent: nullopt; null: an empty list when `null_clears` (Tyk's way
// of emptying Products / Plans), else nullopt.
std::optional<std::vector<long long>> read_ids(ObjectReader& reader, std::string_view key,
                                               bool null_clears = true);

}  // namespace atrium::http
