#include "http/json_body.hpp"

#include "core/encoding.hpp"
#include "core/log_text.hpp"

namespace atrium::http {

namespace {

constexpr std::size_t kMaxKeyShown = 64;

// A key as a field error names it: escaped as in the log (a key may hold any character, "\n"
// included) and cut to kMaxKeyShown bytes between two characters (a cut inside one would make
// the name, and the response, invalid UTF-8).
std::string shown_key(std::string_view key) {
  std::string shown = escape_log_text(key);
  if (shown.size() <= kMaxKeyShown) return shown;
  std::size_t cut = kMaxKeyShown;
  while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0U) == 0x80U) --cut;
  shown.resize(cut);
  return shown + "...";
}

// Thrown by the parser callback at the second occurrence of a key in one object.
struct DuplicateKey {
  std::string key;
};

// Parses, refusing an object with a key twice (nlohmann keeps the last value silently, and two
// readers of one document could disagree on what it says). One set of keys per open object.
nlohmann::json parse_without_duplicate_keys(std::string_view text) {
  std::vector<std::set<std::string, std::less<>>> open_objects;
  const nlohmann::json::parser_callback_t check =
      [&open_objects](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) {
          open_objects.emplace_back();
        } else if (event == Event::object_end) {
          if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == Event::key && !open_objects.empty()) {
          std::string key = parsed.get<std::string>();
          if (!open_objects.back().insert(key).second) throw DuplicateKey{std::move(key)};
        }
        return true;
      };
  return nlohmann::json::parse(text, check);
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  return ascii_iequals(trim(type), "application/json");
}

Result<nlohmann::json> parse_json_object(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto parsed, parse_json_body(request, "a JSON object"));
  if (!parsed.is_object()) {
    return fail(invalid_argument("request.not_an_object", "request body must be a JSON object"));
  }
  return parsed;
}

Result<nlohmann::json> parse_json_body(const Request& request, std::string_view what) {
  if (trim(request.body).empty()) {
    return fail(
        invalid_argument("request.empty_body", "request body must be " + std::string(what)));
  }
  if (!is_json_media_type(request.header("content-type").value_or(""))) {
    return fail(make_error(ErrorCode::kUnsupportedMediaType, "request.unsupported_media_type",
                           "request body must be JSON, sent with Content-Type: application/json"));
  }
  // nlohmann's parser stops at a NUL byte as at the end of the input, so it would accept
  // `{...}\0` followed by anything; JSON text never holds a raw NUL.
  if (const auto nul = request.body.find('\0'); nul != std::string::npos) {
    return fail(invalid_argument("request.malformed_json",
                                 "malformed JSON at byte " + std::to_string(nul + 1)));
  }
  nlohmann::json parsed;
  try {
    parsed = parse_without_duplicate_keys(request.body);
  } catch (const DuplicateKey& duplicate) {
    return fail(invalid_argument(
        "request.duplicate_key", "a key appears twice in a JSON object",
        {FieldError{shown_key(duplicate.key), "appears more than once in an object"}}));
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
    if (!seen_.contains(key)) add_error(shown_key(key), "is not a known field");
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
