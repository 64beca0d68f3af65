#include "crypto/sodium.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace atrium::crypto {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

}  // namespace atrium::crypto
