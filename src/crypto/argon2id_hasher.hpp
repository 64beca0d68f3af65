#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "domain/identity/password_hasher.hpp"

namespace atrium::crypto {

struct Argon2idParams {
  std::size_t memory_bytes = 19U * 1024U * 1024U;  // OWASP: m = 19 MiB
  unsigned long long iterations = 2;               // t = 2 (libsodium fixes p = 1)
  // Hashes allowed to run at once, so memory stays bounded under a login storm.
  std::size_t max_concurrent = 2;
};

// Argon2id through libsodium's crypto_pwhash_str (parameters are encoded into the hash).
class Argon2idHasher final : public PasswordHasher {
 public:
  explicit Argon2idHasher(Argon2idParams params);

  Result<std::string> hash(std::string_view password) override;
  bool verify(std::string_view encoded_hash, std::string_view password) override;
  bool needs_rehash(std::string_view encoded_hash) override;

  const Argon2idParams& params() const { return params_; }

 private:
  // Blocks while max_concurrent hashes run; released on destruction.
  class Slot {
   public:
    explicit Slot(Argon2idHasher& owner);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    Argon2idHasher& owner_;
  };

  Argon2idParams params_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t running_ = 0;
};

}  // namespace atrium::crypto
