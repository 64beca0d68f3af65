#include "crypto/zxcvbn_strength.hpp"

#include <zxcvbn.h>

#include <array>
#include <cmath>
#include <vector>

namespace atrium::crypto {

namespace {

// zxcvbn's score thresholds: fewer guesses than 10^3, 10^6, 10^8, 10^10 score 0, 1, 2, 3.
constexpr std::array<double, kMaxPasswordStrength> kLog10Guesses = {3, 6, 8, 10};

}  // namespace

int ZxcvbnStrength::score(std::string_view password, std::span<const std::string> context) const {
  std::vector<const char*> words;
  words.reserve(context.size() + 1);
  for (const auto& word : context) words.push_back(word.c_str());
  words.push_back(nullptr);
  // zxcvbn reads a C string: a NUL in the password ends it there, which can only lower the score.
  const std::string text(password);
  const double bits = ZxcvbnMatch(text.c_str(), words.data(), nullptr);
  const double log10_guesses = bits * std::log10(2.0);
  int score = 0;
  while (score < kMaxPasswordStrength &&
         log10_guesses >= kLog10Guesses[static_cast<std::size_t>(score)]) {
    ++score;
  }
  return score;
}

}  // namespace atrium::crypto
