#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"

namespace atrium {

// How many failures a key may have before it must wait, and how the wait grows: after
// `free_failures` failures within `window`, each further failure doubles the wait, starting at
// `base_delay` and capped at `max_delay`, counted from the latest failure.
struct ThrottleRule {
  long long free_failures = 5;
  std::chrono::seconds base_delay{30};
  std::chrono::seconds max_delay{900};
  std::chrono::seconds window{900};
};

// Seconds to wait before the next attempt (0: go ahead) for `failures` failures, the latest at
// `latest`. Pure, so the figures are unit-tested.
std::chrono::seconds throttle_delay(const ThrottleRule& rule, long long failures, TimePoint latest,
                                    TimePoint now);

// kRateLimited (with retry_after_seconds) when `key` must wait, else success.
Status check_throttle(Transaction& tx, const ThrottleRule& rule, std::string_view key,
                      TimePoint now);

Status record_failure(Transaction& tx, std::string_view key, TimePoint now);

}  // namespace atrium
