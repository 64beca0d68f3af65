#include "crypto/sodium_random.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace atrium::crypto {

SodiumRandom::SodiumRandom() { ensure_sodium(); }

void SodiumRandom::fill(std::span<std::byte> out) { randombytes_buf(out.data(), out.size()); }

}  // namespace atrium::crypto
