#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace atrium {

// One-way password hashing (Argon2id in production). The encoded hash carries its parameters.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> hash(std::string_view password) = 0;
  virtual bool verify(std::string_view encoded_hash, std::string_view password) = 0;
  // True when the hash was made with other parameters than the current ones.
  virtual bool needs_rehash(std::string_view encoded_hash) = 0;
};

}  // namespace atrium
