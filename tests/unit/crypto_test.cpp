#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include "crypto/argon2id_hasher.hpp"
#include "crypto/sha256_token_hasher.hpp"
#include "crypto/sodium_random.hpp"

namespace atrium::crypto {
namespace {

// Small parameters keep the unit tests fast; production defaults are tested in the bench.
Argon2idParams fast_params() {
  Argon2idParams p;
  p.memory_bytes = 64U * 1024U;
  p.iterations = 1;
  return p;
}

TEST(Argon2idHasher, HashesAndVerifies) {
  Argon2idHasher hasher(fast_params());
  auto hash = hasher.hash("correct horse battery staple");
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0U) << *hash;
  EXPECT_EQ(hash->find("correct"), std::string::npos);
  EXPECT_TRUE(hasher.verify(*hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher.verify(*hash, "correct horse battery stapler"));
  EXPECT_FALSE(hasher.verify("", "x"));
  EXPECT_FALSE(hasher.verify("not a hash", "x"));
  auto again = hasher.hash("correct horse battery staple");
  EXPECT_NE(*hash, *again);  // salted
}

TEST(Argon2idHasher, NeedsRehashWhenParametersChange) {
  Argon2idHasher old_hasher(fast_params());
  auto hash = old_hasher.hash("password one two");
  ASSERT_TRUE(hash.has_value());
  EXPECT_FALSE(old_hasher.needs_rehash(*hash));
  Argon2idParams stronger = fast_params();
  stronger.iterations = 2;
  Argon2idHasher new_hasher(stronger);
  EXPECT_TRUE(new_hasher.needs_rehash(*hash));
  EXPECT_TRUE(new_hasher.verify(*hash, "password one two"));  // old hashes still verify
}

TEST(Argon2idHasher, BoundsConcurrentHashes) {
  Argon2idParams p = fast_params();
  p.max_concurrent = 1;
  Argon2idHasher hasher(p);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (hasher.hash("concurrent password").has_value()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
}

TEST(Argon2idHasher, RejectsBadParameters) {
  Argon2idParams p = fast_params();
  p.max_concurrent = 0;
  EXPECT_THROW(Argon2idHasher{p}, std::invalid_argument);
  p = fast_params();
  p.memory_bytes = 1024;
  EXPECT_THROW(Argon2idHasher{p}, std::invalid_argument);
}

TEST(Sha256TokenHasher, KnownVector) {
  Sha256TokenHasher hasher;
  EXPECT_EQ(hasher.hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SodiumRandom, FillsDistinctBytes) {
  SodiumRandom random;
  std::array<std::byte, 32> a{};
  std::array<std::byte, 32> b{};
  random.fill(a);
  random.fill(b);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace atrium::crypto
