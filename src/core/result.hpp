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

#define ATRIUM_CONCAT_INNER_(a, b) a##b
#define ATRIUM_CONCAT_(a, b) ATRIUM_CONCAT_INNER_(a, b)

// Declares `lhs` from the value of a Result-returning expression, else propagates its error:
//   ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, id));   // user is a User
#define ATRIUM_ASSIGN_OR_RETURN(lhs, ...) \
  ATRIUM_ASSIGN_OR_RETURN_(ATRIUM_CONCAT_(atrium_result_, __LINE__), lhs, __VA_ARGS__)
#define ATRIUM_ASSIGN_OR_RETURN_(result, lhs, ...)                            \
  auto result = (__VA_ARGS__);                                                \
  if (!result) return ::atrium::fail(std::move(result).error()); /* NOLINT */ \
  lhs = std::move(*result)
