#pragma once

#include <tl/expected.hpp>

#include "core/error.hpp"

namespace atrium {

// Expected failures travel as values; exceptions are for start-up and broken invariants.
template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

inline Status ok() { return {}; }

}  // namespace atrium

// Propagates the error of a Result-returning expression, else yields nothing.
#define ATRIUM_TRY(expr)                                            \
  do {                                                              \
    auto atrium_try_result_ = (expr);                               \
    if (!atrium_try_result_) {                                      \
      return ::atrium::fail(std::move(atrium_try_result_).error()); \
    }                                                               \
  } while (false)
