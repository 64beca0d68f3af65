#pragma once

#include "domain/auth/token_hasher.hpp"

namespace atrium::crypto {

// SHA-256, hex-encoded: the stored form of tokens and session ids.
class Sha256TokenHasher final : public TokenHasher {
 public:
  Sha256TokenHasher();
  std::string hash(std::string_view token) const override;
};

}  // namespace atrium::crypto
