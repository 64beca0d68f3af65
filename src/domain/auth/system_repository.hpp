#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Facts about the installation as a whole.
class SystemRepository : public Repository {
 public:
  virtual ~SystemRepository() = default;
  // Records that the first API Owner was created; kConflict ("bootstrap.done") if it was before,
  // even when two processes try at once.
  virtual Status mark_bootstrapped(TimePoint now) = 0;
};

}  // namespace atrium
