#include "core/error.hpp"

#include <utility>

namespace atrium {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::kUriTooLong:
      return "uri_too_long";
    case ErrorCode::kHeaderTooLarge:
      return "header_too_large";
    case ErrorCode::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error make_error(ErrorCode code, std::string id, std::string message) {
  Error e;
  e.code = code;
  e.id = std::move(id);
  e.message = std::move(message);
  return e;
}

Error invalid_argument(std::string id, std::string message, std::vector<FieldError> fields) {
  Error e = make_error(ErrorCode::kInvalidArgument, std::move(id), std::move(message));
  e.fields = std::move(fields);
  return e;
}

Error field_error(std::string field, std::string message) {
  std::string text = field + ": " + message;
  return invalid_argument("request.invalid_field", std::move(text),
                          {FieldError{std::move(field), std::move(message)}});
}

Error not_found(std::string id, std::string message) {
  return make_error(ErrorCode::kNotFound, std::move(id), std::move(message));
}

Error conflict(std::string id, std::string message) {
  return make_error(ErrorCode::kConflict, std::move(id), std::move(message));
}

Error unauthenticated(std::string message) {
  return make_error(ErrorCode::kUnauthenticated, "auth.unauthenticated", std::move(message));
}

Error unavailable(std::string id, std::string message, std::string detail) {
  Error e = make_error(ErrorCode::kUnavailable, std::move(id), std::move(message));
  e.detail = std::move(detail);
  return e;
}

Error internal_error(std::string detail) {
  Error e = make_error(ErrorCode::kInternal, "internal", "internal error");
  e.detail = std::move(detail);
  return e;
}

}  // namespace atrium
