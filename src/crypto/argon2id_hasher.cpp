#include "crypto/argon2id_hasher.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

#include "crypto/sodium.hpp"

namespace atrium::crypto {

Argon2idHasher::Argon2idHasher(Argon2idParams params) : params_(params) {
  ensure_sodium();
  if (params_.memory_bytes < crypto_pwhash_MEMLIMIT_MIN ||
      params_.iterations < crypto_pwhash_OPSLIMIT_MIN || params_.max_concurrent == 0) {
    throw std::invalid_argument("Argon2id parameters out of range");
  }
}

Argon2idHasher::Slot::Slot(Argon2idHasher& owner) : owner_(owner) {
  std::unique_lock lock(owner_.mutex_);
  owner_.freed_.wait(lock, [&] { return owner_.running_ < owner_.params_.max_concurrent; });
  ++owner_.running_;
}

Argon2idHasher::Slot::~Slot() {
  {
    std::lock_guard lock(owner_.mutex_);
    --owner_.running_;
  }
  owner_.freed_.notify_one();
}

Result<std::string> Argon2idHasher::hash(std::string_view password) {
  Slot slot(*this);
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), params_.iterations,
                            params_.memory_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(unavailable("password.hash_failed", "could not hash the password now",
                            "crypto_pwhash_str_alg failed (out of memory?)"));
  }
  out.resize(out.find('\0'));
  return out;
}

bool Argon2idHasher::verify(std::string_view encoded_hash, std::string_view password) {
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(encoded_hash);  // libsodium reads a C string
  Slot slot(*this);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool Argon2idHasher::needs_rehash(std::string_view encoded_hash) {
  const std::string terminated(encoded_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), params_.iterations,
                                        params_.memory_bytes) != 0;
}

}  // namespace atrium::crypto
