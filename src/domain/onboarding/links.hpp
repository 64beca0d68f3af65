#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Issues and redeems the emailed one-time links (DESIGN §3, §8 rule 6): 256 random bits, only the
// hash stored, a newer link of the same purpose voids the older ones, single use, expiry.
class LinkIssuer {
 public:
  LinkIssuer(Random& random, const TokenHasher& hasher) : random_(random), hasher_(hasher) {}

  // The token to put in the link.
  Result<std::string> issue(Transaction& tx, UserId user, LinkPurpose purpose,
                            std::chrono::minutes lifetime, TimePoint now) const;
  // The link `token` names when it may be used now for `purpose`; otherwise kInvalidArgument
  // "link.invalid" (unknown or another purpose), "link.expired", "link.used" or "link.replaced".
  Result<OneTimeLink> check(Transaction& tx, std::string_view token, LinkPurpose purpose,
                            TimePoint now) const;
  // check(), then marks it used (a concurrent second use fails with "link.used").
  Result<OneTimeLink> redeem(Transaction& tx, std::string_view token, LinkPurpose purpose,
                             TimePoint now) const;

 private:
  Random& random_;
  const TokenHasher& hasher_;
};

}  // namespace atrium
