#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace atrium {

// What went wrong, independent of transport; the HTTP mapping lives in src/http/error_mapping.
enum class ErrorCode {
  kInvalidArgument,       // the request is malformed or a field is invalid
  kUnauthenticated,       // no or bad credentials
  kForbidden,             // authenticated but not allowed (and existence may be shown)
  kNotFound,              // absent, or not visible to the actor
  kConflict,              // unique / foreign-key violation, or a state that forbids the change
  kPayloadTooLarge,       // request body over the configured limit
  kUriTooLong,            // request target over the configured limit
  kHeaderTooLarge,        // a request header, or all of them, over the limits
  kUnsupportedMediaType,  // a request body in a format the endpoint does not read
  kRateLimited,           // throttled; retry later
  kUnavailable,           // a dependency (database, worker pool) cannot serve now
  kInternal,              // a broken invariant; details are logged, never sent
};

std::string_view to_string(ErrorCode code);

struct FieldError {
  std::string field;
  std::string message;

  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  // Stable, machine-readable identifier such as "user.email_taken"; clients may switch on it.
  std::string id;
  // Safe to show to a client: never contains secrets, SQL or stack traces.
  std::string message;
  std::vector<FieldError> fields;
  // For the server log only.
  std::string detail;
  // Seconds a client should wait, for kRateLimited.
  long retry_after_seconds = 0;
};

Error make_error(ErrorCode code, std::string id, std::string message);
Error invalid_argument(std::string id, std::string message, std::vector<FieldError> fields = {});
Error field_error(std::string field, std::string message);
Error not_found(std::string id, std::string message);
Error conflict(std::string id, std::string message);
Error unauthenticated(std::string message);
Error unavailable(std::string id, std::string message, std::string detail = {});
Error internal_error(std::string detail);

}  // namespace atrium
