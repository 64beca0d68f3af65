#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace atrium {

// RFC 3339 in UTC with second precision, e.g. "2026-11-22T10:00:00Z" (the form Tyk returns).
std::string format_rfc3339(TimePoint t);

// "YYYY-MM-DD HH:MM" in UTC: the form of CreatedAt / UpdatedAt in Tyk's portal API.
std::string format_tyk_time(TimePoint t);

// For people, in UTC: "3 Dec 2026, 11:15 UTC" (pages put the RFC 3339 form beside it).
std::string format_human_time(TimePoint t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" (digits only, no signs); nullopt when malformed
// or outside what TimePoint holds (years 1678 to 2261).
std::optional<TimePoint> parse_rfc3339(std::string_view text);

}  // namespace atrium
