#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace atrium::http {

// RFC 3339 text, or null.
nlohmann::json json_time(std::optional<TimePoint> t);

// A positive decimal id from a path segment; kNotFound otherwise (an id that cannot exist).
Result<long long> parse_path_id(std::string_view text, std::string_view what);

}  // namespace atrium::http
