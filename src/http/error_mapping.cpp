#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace atrium::http {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUriTooLong:
      return 414;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kHeaderTooLarge:
      return 431;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response error_response(const Error& error, std::string_view error_id) {
  nlohmann::json body = {{"status", "error"}, {"code", error.id}};
  if (error.fields.empty()) {
    body["errors"] = nlohmann::json::array({error.message});
  } else {
    // One message per field, as Tyk lists them, plus the structured form.
    nlohmann::json messages = nlohmann::json::array();
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : error.fields) {
      messages.push_back(f.field.empty() ? f.message : f.field + ": " + f.message);
      fields.push_back({{"field", f.field}, {"message", f.message}});
    }
    body["errors"] = std::move(messages);
    body["fields"] = std::move(fields);
  }
  if (!error_id.empty()) body["error_id"] = error_id;
  Response response = Response::json(http_status(error.code), body);
  if (error.retry_after_seconds > 0) {  // 429, and 503 where a retry is known to help
    response.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  if (error.code == ErrorCode::kUnauthenticated) {
    response.set_header("WWW-Authenticate", "Bearer");
  }
  return response;
}

}  // namespace atrium::http
