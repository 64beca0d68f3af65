#pragma once

#include "core/random.hpp"

namespace atrium::crypto {

// libsodium's CSPRNG.
class SodiumRandom final : public Random {
 public:
  SodiumRandom();
  void fill(std::span<std::byte> out) override;
};

}  // namespace atrium::crypto
