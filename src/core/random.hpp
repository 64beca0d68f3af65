#pragma once

#include <cstddef>
#include <span>

namespace atrium {

// A source of cryptographically secure random bytes (libsodium in production).
class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::byte> out) = 0;
};

}  // namespace atrium
