#pragma once

#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Failure counters for throttling, shared by every server through the database. A key names
// what is counted, e.g. "login:account:<email key>" or "login:address:<ip>".
class ThrottleRepository : public Repository {
 public:
  virtual ~ThrottleRepository() = default;
  // Records one failure at `now`.
  virtual Status record(std::string_view key, TimePoint now) = 0;
  // Failures recorded since `since`, and the time of the latest one.
  struct Count {
    long long failures = 0;
    std::optional<TimePoint> latest;
  };
  virtual Result<Count> count_since(std::string_view key, TimePoint since) = 0;
  // Forgets the key's failures (after a success).
  virtual Status clear(std::string_view key) = 0;
  // Housekeeping: forgets failures older than `before`.
  virtual Result<long long> remove_older_than(TimePoint before) = 0;
};

}  // namespace atrium
