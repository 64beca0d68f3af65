#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/identity/password_hasher.hpp"

namespace atrium::testing {

// A fast, deterministic PasswordHasher for tests that need no real Argon2id: the encoded hash is
// "fast$v<version>$<FNV-1a of the password, hex>". Every call is counted, so a test can check
// that two paths cost the same number of hashes. Raising the version makes hashes of older
// versions need a rehash, as new Argon2id parameters would. Not for production: nothing slow here.
class FastPasswordHasher final : public PasswordHasher {
 public:
  Result<std::string> hash(std::string_view password) override {
    ++hashes_;
    return prefix() + digest(password);
  }

  bool verify(std::string_view encoded_hash, std::string_view password) override {
    ++verifications_;
    const auto dollar = encoded_hash.rfind('$');
    if (!encoded_hash.starts_with("fast$v") || dollar == std::string_view::npos) return false;
    return encoded_hash.substr(dollar + 1) == digest(password);
  }

  bool needs_rehash(std::string_view encoded_hash) override {
    return !encoded_hash.starts_with(prefix());
  }

  void set_version(int version) { version_ = version; }
  int hashes() const { return hashes_; }
  int verifications() const { return verifications_; }

 private:
  std::string prefix() const { return "fast$v" + std::to_string(version_.load()) + "$"; }

  static std::string digest(std::string_view password) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char c : password) {
      h ^= static_cast<std::uint8_t>(c);
      h *= 1099511628211ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (std::size_t i = 0; i < 16; ++i) {
      out[15 - i] = kHex[h & 0xFU];
      h >>= 4U;
    }
    return out;
  }

  std::atomic<int> version_{1};
  std::atomic<int> hashes_{0};
  std::atomic<int> verifications_{0};
};

}  // namespace atrium::testing
