#include "crypto/sha256_token_hasher.hpp"

#include <sodium.h>

#include <array>

#include "core/encoding.hpp"
#include "crypto/sodium.hpp"

namespace atrium::crypto {

Sha256TokenHasher::Sha256TokenHasher() { ensure_sodium(); }

std::string Sha256TokenHasher::hash(std::string_view token) const {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return hex_encode(std::as_bytes(std::span(digest)));
}

}  // namespace atrium::crypto
