#pragma once

#include <string_view>

#include "core/result.hpp"

namespace atrium {

inline constexpr std::size_t kPasswordMinLength = 8;
inline constexpr std::size_t kPasswordMaxLength = 128;

// DESIGN.md §8 rule 1: length in code points, valid UTF-8, no composition rules.
Status check_password(std::string_view password, std::string_view field = "Password");

}  // namespace atrium
