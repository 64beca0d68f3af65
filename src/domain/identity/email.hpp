#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace atrium {

// Trims and checks an address (RFC 5321 limits, one '@', a dotted domain, no spaces or controls).
// The result is stored as given; uniqueness compares `email_key`.
Result<std::string> normalise_email(std::string_view raw, std::string_view field = "Email");

// The case-insensitive comparison key of a normalised address.
std::string email_key(std::string_view email);

}  // namespace atrium
