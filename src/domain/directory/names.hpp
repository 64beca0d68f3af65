#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace atrium {

inline constexpr std::size_t kMaxNameLength = 100;

// A display name (person, organisation, team): trimmed, 1 to 100 characters, valid UTF-8, no
// control characters. Returns the trimmed name or a field error naming `field`.
Result<std::string> check_display_name(std::string_view raw, std::string_view field);
// The same, but it may be empty (a last name: Tyk does not require one).
Result<std::string> check_optional_name(std::string_view raw, std::string_view field);

// True when `ref` is a positive decimal id (else it is treated as a CID).
bool parse_numeric_id(std::string_view ref, long long& id);

}  // namespace atrium
