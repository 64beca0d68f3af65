// parse_json_object and parse_json_body (src/http/json_body): the body reader of every JSON
// endpoint.
// Invariants: only a JSON object sent as application/json is accepted; an accepted body is valid
// UTF-8 and has no key twice in one object (checked against nlohmann's own SAX parse); what is
// accepted reads back unchanged once written out; every refusal is one of the documented errors
// with a message fit for a client; ObjectReader never throws.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "http/json_body.hpp"

namespace {

using nlohmann::json;

// Counts the keys as written in the text, duplicates included.
struct KeyCounter : json::json_sax_t {
  std::size_t keys = 0;
  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool string(string_t& /*value*/) override { return true; }
  bool binary(binary_t& /*value*/) override { return true; }
  bool start_object(std::size_t /*size*/) override { return true; }
  bool key(string_t& /*value*/) override {
    ++keys;
    return true;
  }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*size*/) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) override {
    return false;
  }
};

// The keys of every object in a parsed document (where a duplicate would have been kept once).
std::size_t stored_keys(const json& value) {
  std::size_t count = value.is_object() ? value.size() : 0;
  if (value.is_structured()) {
    for (const auto& element : value) count += stored_keys(element);
  }
  return count;
}

void check_accepted(const atrium::http::Request& request, const json& parsed) {
  FUZZ_CHECK(parsed.is_object());
  FUZZ_CHECK(atrium::http::is_json_media_type(*request.header("content-type")));
  FUZZ_CHECK(atrium::is_valid_utf8(request.body));
  KeyCounter counter;
  FUZZ_CHECK(json::sax_parse(request.body, &counter));
  FUZZ_CHECK(counter.keys == stored_keys(parsed));  // no key twice in one object

  atrium::http::Request again = request;
  again.body = parsed.dump();
  const auto reread = atrium::http::parse_json_object(again);
  FUZZ_CHECK(reread.has_value());
  FUZZ_CHECK(*reread == parsed);

  // The strict field reader: any mix of types and unknown keys ends in finish(), never a throw.
  atrium::http::ObjectReader reader(parsed);
  (void)reader.optional_string("Name");
  (void)reader.required_string("Email");
  (void)reader.optional_bool("Active");
  (void)reader.optional_int("ID");
  (void)reader.has("Teams");
  reader.ignore("CreatedAt");
  const auto finished = reader.finish();
  if (!finished) FUZZ_CHECK(atrium::fuzz::is_plain_error(finished.error()));
}

void check_refused(const atrium::http::Request& request, const atrium::Error& error) {
  static const std::set<std::string> known_ids = {"request.empty_body", "request.malformed_json",
                                                  "request.duplicate_key", "request.not_an_object"};
  FUZZ_CHECK(atrium::fuzz::is_plain_error(error));
  const bool json_type = atrium::http::is_json_media_type(*request.header("content-type"));
  if (error.code == atrium::ErrorCode::kUnsupportedMediaType) {
    FUZZ_CHECK(!json_type);
    FUZZ_CHECK(error.id == "request.unsupported_media_type");
  } else {
    FUZZ_CHECK(error.code == atrium::ErrorCode::kInvalidArgument);
    FUZZ_CHECK(known_ids.contains(error.id));
    FUZZ_CHECK(json_type || error.id == "request.empty_body");
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // "Content-Type: <value>\n<body>", or just the body, sent as application/json (most runs, so
  // that they reach the JSON parser).
  std::string_view text = atrium::fuzz::as_text(data, size);
  std::string content_type = "application/json";
  constexpr std::string_view kPrefix = "Content-Type:";
  if (text.starts_with(kPrefix)) {
    const auto end = std::min(text.find('\n'), text.size());
    content_type = std::string(text.substr(kPrefix.size(), end - kPrefix.size()));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  atrium::http::Request request;
  request.method = "POST";
  request.headers.emplace_back("content-type", content_type);
  request.body = std::string(text);

  const auto parsed = atrium::http::parse_json_object(request);
  // parse_json_body reads any JSON value with the same checks: an object exactly when both accept.
  const auto any_value = atrium::http::parse_json_body(request, "JSON");
  FUZZ_CHECK(parsed.has_value() == (any_value.has_value() && any_value->is_object()));
  if (any_value) {
    KeyCounter counter;
    FUZZ_CHECK(json::sax_parse(request.body, &counter) && counter.keys == stored_keys(*any_value));
  }
  if (parsed) {
    check_accepted(request, *parsed);
  } else {
    check_refused(request, parsed.error());
  }
  return 0;
}
