#pragma once

#include <string_view>

#include "core/result.hpp"

namespace atrium {

inline constexpr std::size_t kPasswordMinLength = 8;
inline constexpr std::size_t kPasswordMaxLength = 128;

// DESIGN.md §8 rule 1, applied wherever a password is set: 8 to 128 code points of valid UTF-8,
// no composition rules, not a common password, and neither equal to nor containing the local
// part of the user's email (when given; local parts shorter than 3 characters are ignored).
// Comparisons ignore ASCII case.
Status check_password(std::string_view password, std::string_view email = {},
                      std::string_view field = "Password");

// True when the password is on the shipped common-password list (resources/).
bool is_common_password(std::string_view password);

}  // namespace atrium
