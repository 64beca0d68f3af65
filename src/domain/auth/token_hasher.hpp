#pragma once

#include <string>
#include <string_view>

namespace atrium {

// Hashes high-entropy secrets (API tokens, session ids, emailed links) for storage and lookup.
// A fast cryptographic hash suffices because the inputs carry >= 128 random bits.
class TokenHasher {
 public:
  virtual ~TokenHasher() = default;
  virtual std::string hash(std::string_view token) const = 0;
};

}  // namespace atrium
