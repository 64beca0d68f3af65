// API keys (domain/apps/api_keys): their shape, what is kept of them, and when they expire.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

#include "domain/apps/api_keys.hpp"
#include "support/counting_random.hpp"

namespace atrium {
namespace {

// A visible stand-in for SHA-256: the test must see that the hash is of the key.
class TaggingHasher final : public TokenHasher {
 public:
  std::string hash(std::string_view token) const override {
    return "h(" + std::string(token) + ")";
  }
};

TEST(ApiKeys, CarryAPrefixAnd192RandomBitsAndKeepOnlyTheHash) {
  testing::CountingRandom random;
  const TaggingHasher hasher;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const NewApiKey key = make_api_key(random, hasher);
    ASSERT_EQ(key.key.rfind("atr_", 0), 0U) << key.key;
    EXPECT_EQ(key.key.size(), 4U + 32U);  // 24 bytes, base64url without padding
    EXPECT_EQ(key.key.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4),
              std::string::npos);
    EXPECT_EQ(key.digest.hash, "h(" + key.key + ")");
    EXPECT_EQ(key.digest.prefix, key.key.substr(0, kApiKeyPrefixLength));
    EXPECT_TRUE(seen.insert(key.key).second) << "a key came twice";
  }
}

TEST(ApiKeys, APrefixNeverShowsMoreThanAThirdOfAShortKey) {
  const TaggingHasher hasher;
  EXPECT_EQ(digest_of("abcdefghijklmnopqrstu", hasher).prefix, "abcdefg");  // 21 characters
  EXPECT_EQ(digest_of("ab", hasher).prefix, "");
  EXPECT_EQ(digest_of(std::string(60, 'k'), hasher).prefix.size(), kApiKeyPrefixLength);
}

TEST(ApiKeys, ExpireAfterThePlansKeyExpiresInOrNever) {
  Plan plan;
  const TimePoint now = std::chrono::system_clock::time_point{} + std::chrono::hours(1000);
  EXPECT_FALSE(key_expiry(plan, now));
  plan.fields.key_expires_in = 3600;
  ASSERT_TRUE(key_expiry(plan, now));
  EXPECT_EQ(*key_expiry(plan, now), now + std::chrono::hours(1));
}

}  // namespace
}  // namespace atrium
