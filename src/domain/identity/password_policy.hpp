#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/identity/password_strength.hpp"

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

// Whose password is being set: their own words are the first an attacker tries.
struct PasswordOwner {
  std::string_view email;
  std::string_view first;
  std::string_view last;
};

// check_password, then a strength estimate: a password scored below `min_strength` is refused.
// The owner's email (whole and in pieces), names and the portal's name count as guessable.
class PasswordRules {
 public:
  // `min_strength` 0 (or no `strength`) turns the estimate off.
  PasswordRules(const PasswordStrength* strength, int min_strength, std::string site_name)
      : strength_(strength), min_strength_(min_strength), site_name_(std::move(site_name)) {}

  // A field error naming `field` when the password may not be set.
  Status check(std::string_view password, const PasswordOwner& owner,
               std::string_view field = "Password") const;
  // The context words given to the estimate: lower-cased, distinct, likeliest first.
  std::vector<std::string> context_words(const PasswordOwner& owner) const;

 private:
  const PasswordStrength* strength_;
  int min_strength_;
  std::string site_name_;
};

}  // namespace atrium
