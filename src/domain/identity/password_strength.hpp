#pragma once

#include <span>
#include <string>
#include <string_view>

namespace atrium {

// The highest score a PasswordStrength gives.
inline constexpr int kMaxPasswordStrength = 4;

// Estimates how hard a password is to guess (zxcvbn in production: src/crypto).
class PasswordStrength {
 public:
  virtual ~PasswordStrength() = default;
  // zxcvbn's score, 0 (guessed at once) to kMaxPasswordStrength (very hard to guess). The
  // `context` words (the user's names and email, the portal's name), likeliest first, count as
  // guessable as the commonest dictionary words.
  virtual int score(std::string_view password, std::span<const std::string> context) const = 0;
};

}  // namespace atrium
