#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"

namespace atrium::http {

// The body as a JSON object; a 415 when the body is not sent as application/json; or a 400
// naming the problem (empty, malformed at byte N, invalid UTF-8, a key twice in one object, not
// an object).
Result<nlohmann::json> parse_json_object(const Request& request);
// The same checks for a body of any JSON value (`what` names the expected shape in the error).
Result<nlohmann::json> parse_json_body(const Request& request, std::string_view what);

// True for "application/json", in any case, with or without parameters ("; charset=utf-8").
bool is_json_media_type(std::string_view content_type);

// Reads the fields of a JSON object strictly: wrong types, missing required fields and unknown
// fields are collected as field errors, reported together by finish().
class ObjectReader {
 public:
  explicit ObjectReader(const nlohmann::json& object) : object_(object) {}

  std::optional<std::string> optional_string(std::string_view key);
  std::string required_string(std::string_view key);
  std::optional<bool> optional_bool(std::string_view key);
  std::optional<long long> optional_int(std::string_view key);
  // The raw value (nullptr when absent or null), for fields of mixed shapes.
  const nlohmann::json* optional_raw(std::string_view key) { return field(key); }
  // Whether the key is present at all (null included); counts as read.
  bool has(std::string_view key) {
    seen_.emplace(key);
    return object_.contains(key);
  }
  void add_field_error(std::string_view key, std::string message) {
    add_error(key, std::move(message));
  }
  // Accepted but not read (e.g. read-only fields a client echoes back).
  void ignore(std::string_view key);

  // All problems found so far plus unknown fields, as one kInvalidArgument error.
  Status finish();

 private:
  const nlohmann::json* field(std::string_view key);
  void add_error(std::string_view key, std::string message);

  const nlohmann::json& object_;
  std::set<std::string, std::less<>> seen_;
  std::vector<FieldError> errors_;
};

}  // namespace atrium::http
