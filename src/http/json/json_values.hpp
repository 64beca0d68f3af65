#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/clock.hpp"
#include "core/time_format.hpp"

// Small JSON values the resource views share.
namespace atrium::http {

// An RFC 3339 time, or null.
inline nlohmann::json optional_time(const std::optional<TimePoint>& time) {
  return time ? nlohmann::json(format_rfc3339(*time)) : nlohmann::json(nullptr);
}

// An id, or null.
inline nlohmann::json optional_id(const std::optional<long long>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

}  // namespace atrium::http
