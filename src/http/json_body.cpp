#include "http/json_body.hpp"

#include "core/encoding.hpp"

namespace atrium::http {

Result<nlohmann::json> parse_json_object(const Request& request) {
  if (trim(request.body).empty()) {
    return fail(invalid_argument("request.empty_body", "request body must be a JSON object"));
  }
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception& e) {
    // The message names the position only; it never echoes the input back.
    const auto* parse_error = dynamic_cast<const nlohmann::json::parse_error*>(&e);
    const std::string where =
        parse_error != nullptr ? " at byte " + std::to_string(parse_error->byte) : std::string();
    const bool utf8 = is_valid_utf8(request.body);
    return fail(invalid_argument(
        "request.malformed_json",
        utf8 ? "malformed JSON" + where : "request body is not valid UTF-8" + where));
  }
  if (!parsed.is_object()) {
    return fail(invalid_argument("request.not_an_object", "request body must be a JSON object"));
  }
  return parsed;
}

const nlohmann::json* ObjectReader::field(std::string_view key) {
  seen_.emplace(key);
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

void ObjectReader::add_error(std::string_view key, std::string message) {
  errors_.push_back({std::string(key), std::move(message)});
}

std::optional<std::string> ObjectReader::optional_string(std::string_view key) {
  const auto* value = field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    add_error(key, "must be a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::string ObjectReader::required_string(std::string_view key) {
  const bool present = object_.contains(key) && !object_.at(std::string(key)).is_null();
  auto value = optional_string(key);
  if (!present) add_error(key, "is required");
  return value.value_or(std::string());
}

std::optional<bool> ObjectReader::optional_bool(std::string_view key) {
  const auto* value = field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    add_error(key, "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<long long> ObjectReader::optional_int(std::string_view key) {
  const auto* value = field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    add_error(key, "must be an integer");
    return std::nullopt;
  }
  return value->get<long long>();
}

void ObjectReader::ignore(std::string_view key) { seen_.emplace(key); }

Status ObjectReader::finish() {
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) add_error(key, "is not a known field");
  }
  if (errors_.empty()) return ok();
  std::string message;
  for (const auto& e : errors_) {
    if (!message.empty()) message += "; ";
    message += e.field + ": " + e.message;
  }
  return fail(invalid_argument("request.invalid_fields", message, errors_));
}

}  // namespace atrium::http
