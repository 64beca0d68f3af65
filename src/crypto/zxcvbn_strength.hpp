#pragma once

#include "domain/identity/password_strength.hpp"

namespace atrium::crypto {

// zxcvbn-c (Debian's libzxcvbn, dictionaries compiled in): its entropy estimate turned into the
// score of zxcvbn's reference implementation.
class ZxcvbnStrength final : public PasswordStrength {
 public:
  int score(std::string_view password, std::span<const std::string> context) const override;
};

}  // namespace atrium::crypto
