#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "domain/gateway/grant.hpp"

namespace atrium {

// The gateway's in-memory index (DESIGN §11): key hash → grant. Checks read a snapshot without
// locking beyond one pointer copy; a reload replaces the whole snapshot at once, so a check sees
// either the old grants or the new ones, never a mix.
class GrantIndex {
 public:
  enum class Outcome {
    kUnknownKey,       // 401: no live key has this hash (revoked and deleted keys are not loaded)
    kExpired,          // 401
    kOutsideProducts,  // 403: a live key, but no API of its grant covers the path
    kAllowed,
  };

  struct Lookup {
    Outcome outcome = Outcome::kUnknownKey;
    std::shared_ptr<const Grant> grant;  // set unless kUnknownKey
    const GrantApi* api = nullptr;       // kAllowed: the API matched (the longest listen path)
  };

  using Entries = std::vector<std::pair<std::string, Grant>>;  // key hash, grant

  // Replaces every grant; `version` is what the grants were read at.
  void replace(Entries&& entries, long long version);
  Lookup check(std::string_view key_hash, std::string_view path, TimePoint now) const;
  std::size_t size() const;
  long long version() const;

 private:
  struct Snapshot {
    std::unordered_map<std::string, std::shared_ptr<const Grant>> grants;
    long long version = 0;
  };
  std::shared_ptr<const Snapshot> snapshot() const;

  mutable std::mutex mutex_;  // guards the pointer only
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
};

// Equality of two strings in time that depends on their lengths only.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace atrium
