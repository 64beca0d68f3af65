#include "app/config_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <system_error>
#include <utility>

#include "core/encoding.hpp"
#include "core/log_text.hpp"
#include "http/trusted_proxies.hpp"

namespace atrium::app {
namespace {

using Json = nlohmann::json;
using Failure = tl::unexpected<std::string>;

constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t kMaxShownValueLength = 100;
constexpr std::string_view kSecretShown = "a secret value (not shown)";
constexpr std::string_view kPortalPrefix = "PORTAL_";

struct Unit {
  std::string_view name;
  std::int64_t factor;
};

constexpr std::array<Unit, 5> kDurationUnits = {{
    {"ms", 1},
    {"s", kMillisPerSecond},
    {"m", kMillisPerMinute},
    {"h", kMillisPerHour},
    {"d", kMillisPerDay},
}};
constexpr std::array<Unit, 4> kByteSizeUnits = {
    {{"B", 1}, {"KiB", kKiB}, {"MiB", kMiB}, {"GiB", kGiB}}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits only (no sign): "30" -> 30.
std::optional<std::int64_t> parse_digits(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "<digits><unit>" or "<digits>" (scaled by bare_factor); nullopt when malformed or too large.
std::optional<std::int64_t> parse_scaled(std::string_view text, std::span<const Unit> units,
                                         std::int64_t bare_factor) {
  const auto digits_end = std::find_if_not(text.begin(), text.end(), is_digit);
  const auto digit_count = static_cast<std::size_t>(digits_end - text.begin());
  const auto number = parse_digits(text.substr(0, digit_count));
  if (!number) return std::nullopt;
  const std::string_view suffix = text.substr(digit_count);
  std::int64_t factor = bare_factor;
  if (!suffix.empty()) {
    const auto unit = std::find_if(units.begin(), units.end(), [&](const Unit& candidate) {
      return ascii_iequals(candidate.name, suffix);
    });
    if (unit == units.end()) return std::nullopt;
    factor = unit->factor;
  }
  if (*number > kInt64Max / factor) return std::nullopt;
  return *number * factor;
}

// The largest unit that divides the value exactly; units are in ascending order.
std::string format_scaled(std::int64_t value, std::span<const Unit> units, std::string_view zero) {
  for (auto unit = units.rbegin(); unit != units.rend(); ++unit) {
    if (value != 0 && value % unit->factor == 0) {
      return std::to_string(value / unit->factor) + std::string(unit->name);
    }
  }
  return value == 0 ? std::string(zero) : std::to_string(value);
}

std::string format_range_bound(const OptionSpec& spec, std::int64_t bound) {
  switch (spec.type) {
    case OptionType::kDuration:
      return format_duration_millis(bound);
    case OptionType::kByteSize:
      return format_byte_size(bound);
    default:
      return std::to_string(bound);
  }
}

// "from 0 to 65535", "of at least 1", "" (unbounded).
std::string range_phrase(const OptionSpec& spec) {
  const bool low = spec.min != kInt64Min;
  const bool high = spec.max != kInt64Max;
  if (low && high) {
    return "from " + format_range_bound(spec, spec.min) + " to " +
           format_range_bound(spec, spec.max);
  }
  if (low) return "of at least " + format_range_bound(spec, spec.min);
  if (high) return "of at most " + format_range_bound(spec, spec.max);
  return {};
}

// "a, b, c", each item optionally quoted: "`a`, `b`".
std::string join(std::span<const std::string_view> items, std::string_view quote = {}) {
  std::string out;
  for (const std::string_view item : items) {
    if (!out.empty()) out += ", ";
    out.append(quote).append(item).append(quote);
  }
  return out;
}

// A user's text, quoted and escaped for an error message.
std::string quote_value(std::string_view text) {
  std::string shown(text.substr(0, kMaxShownValueLength));
  const std::string dumped = Json(shown).dump(-1, ' ', false, Json::error_handler_t::replace);
  // JSON escapes every control character but DEL; the message stays printable.
  std::string out;
  for (const char c : dumped) {
    if (c == '\x7F') {
      out += "\\u007f";
    } else {
      out += c;
    }
  }
  if (text.size() > kMaxShownValueLength) out.insert(out.size() - 1, "...");
  return out;
}

std::string describe_json(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return "string " + quote_value(value.get_ref<const std::string&>());
    case Json::value_t::boolean:
      return std::string("boolean ") + (value.get<bool>() ? "true" : "false");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number " + value.dump();
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::null:
      return "null";
    default:
      return "an unsupported JSON value";
  }
}

Failure fail_text(const OptionSpec& spec, std::string_view text) {
  return Failure("expected " + expected_form(spec) + ", got " +
                 (spec.secret ? std::string(kSecretShown) : quote_value(text)));
}

Failure fail_json(const OptionSpec& spec, const Json& value) {
  return Failure("expected " + expected_form(spec) + ", got " +
                 (spec.secret ? std::string(kSecretShown) : describe_json(value)));
}

bool in_range(const OptionSpec& spec, std::int64_t value) {
  return value >= spec.min && value <= spec.max;
}

// A JSON integer as int64; nullopt when it is not an integer or does not fit.
std::optional<std::int64_t> json_integer(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(kInt64Max)) return std::nullopt;
    return static_cast<std::int64_t>(unsigned_value);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

// --- Resolution -------------------------------------------------------------------------------

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean \"X\"?)" for the closest candidate, if it is close enough.
std::string suggestion(std::string_view name, const std::vector<std::string>& candidates,
                       bool quote) {
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(name, candidate);
    if (best == nullptr || distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (best == nullptr || best_distance > std::max<std::size_t>(2, best->size() / 4)) return {};
  return quote ? " (did you mean \"" + *best + "\"?)" : " (did you mean " + *best + "?)";
}

bool is_section(std::span<const OptionSpec> options, std::string_view path) {
  return std::any_of(options.begin(), options.end(), [&](const OptionSpec& spec) {
    return spec.key.size() > path.size() && spec.key.starts_with(path) &&
           spec.key[path.size()] == '.';
  });
}

std::vector<std::string> key_candidates(std::span<const OptionSpec> options) {
  std::set<std::string> names;
  for (const auto& spec : options) {
    std::string_view key = spec.key;
    names.emplace(key);
    for (auto dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.', dot + 1)) {
      names.emplace(key.substr(0, dot));
    }
  }
  return {names.begin(), names.end()};
}

// Records the first key repeated within one JSON object (nlohmann keeps the last silently).
class DuplicateKeyFinder {
 public:
  bool on_event(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        frames_.push_back(
            {{},
             frames_.empty() ? std::string() : frames_.back().path + frames_.back().key + ".",
             {}});
        break;
      case Json::parse_event_t::object_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!frames_.empty() && parsed.is_string()) {
          Frame& frame = frames_.back();
          frame.key = parsed.get<std::string>();
          if (!frame.keys.insert(frame.key).second && duplicate_.empty()) {
            duplicate_ = frame.path + frame.key;
          }
        }
        break;
      default:
        break;
    }
    return true;
  }

  const std::string& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    std::set<std::string> keys;
    std::string path;  // "Database." for keys inside "Database"
    std::string key;   // the latest key seen in this object
  };
  std::vector<Frame> frames_;
  std::string duplicate_;
};

class Resolver {
 public:
  Resolver(std::span<const OptionSpec> options, ResolvedConfig& result)
      : options_(options), result_(result) {}

  tl::expected<void, std::string> apply_defaults() {
    result_.options.clear();
    result_.options.reserve(options_.size());
    for (const auto& spec : options_) {
      auto value = parse_option_text(spec, spec.default_value);
      if (!value) return Failure("default of " + std::string(spec.key) + ": " + value.error());
      result_.options.push_back({&spec, std::move(*value), ConfigSource::kDefault});
    }
    return {};
  }

  tl::expected<void, std::string> apply_file(const std::string& path, const std::string& text) {
    const std::string where = "config file " + path + ": ";
    // nlohmann's parser stops at a NUL byte as at the end of the input (ignoring what follows).
    if (const auto nul = text.find('\0'); nul != std::string::npos) {
      return Failure(where + "invalid JSON: a NUL byte at byte " + std::to_string(nul + 1));
    }
    DuplicateKeyFinder duplicates;
    Json document;
    try {
      document = Json::parse(text, [&duplicates](int, Json::parse_event_t event, Json& parsed) {
        return duplicates.on_event(event, parsed);
      });
    } catch (const Json::parse_error& error) {
      std::string_view message = error.what();
      if (const auto bracket = message.find("] "); bracket != std::string_view::npos) {
        message.remove_prefix(bracket + 2);
      }
      // nlohmann quotes the bytes it last read, which may be any byte of the file.
      return Failure(where + "invalid JSON: " + escape_log_text(message));
    }
    if (!duplicates.duplicate().empty()) {
      return Failure(where + "duplicate key " + quote_value(duplicates.duplicate()));
    }
    if (!document.is_object()) {
      return Failure(where + "expected a JSON object of settings, got " + describe_json(document));
    }
    return apply_object(where, document, "");
  }

  tl::expected<void, std::string> apply_env(const EnvVars& env) {
    for (const auto& variable : env) {
      const std::string& name = variable.first;
      const std::string& text = variable.second;
      if (!name.starts_with(kPortalPrefix) || name == kConfigFileEnv) continue;
      ResolvedOption* option = find([&](const OptionSpec& spec) { return spec.env == name; });
      if (option == nullptr) {
        std::vector<std::string> names;
        for (const auto& spec : options_) names.emplace_back(spec.env);
        return Failure(name + ": unknown PORTAL_* environment variable" +
                       suggestion(name, names, false) +
                       "; see 'atrium serve --help' for the supported ones");
      }
      auto value = parse_option_text(*option->spec, text);
      if (!value) return Failure(name + ": " + value.error());
      option->value = std::move(*value);
      option->source = ConfigSource::kEnv;
    }
    return {};
  }

  tl::expected<void, std::string> apply_flags(const ConfigFlags& flags) {
    for (const auto& flag : flags.values) {
      const std::string& key = flag.first;
      const std::string& text = flag.second;
      ResolvedOption* option = find([&](const OptionSpec& spec) { return spec.key == key; });
      if (option == nullptr) return Failure("unknown configuration option \"" + key + "\"");
      auto value = parse_option_text(*option->spec, text);
      if (!value) return Failure(std::string(option->spec->flag) + ": " + value.error());
      option->value = std::move(*value);
      option->source = ConfigSource::kFlag;
    }
    return {};
  }

 private:
  template <typename Predicate>
  ResolvedOption* find(Predicate predicate) {
    for (auto& option : result_.options) {
      if (predicate(*option.spec)) return &option;
    }
    return nullptr;
  }

  tl::expected<void, std::string> apply_object(const std::string& where, const Json& object,
                                               const std::string& prefix) {
    for (const auto& [name, value] : object.items()) {
      const std::string path = prefix + name;
      if (ResolvedOption* option = find([&](const OptionSpec& spec) { return spec.key == path; })) {
        auto parsed = parse_option_json(*option->spec, value);
        if (!parsed) return Failure(where + path + ": " + parsed.error());
        option->value = std::move(*parsed);
        option->source = ConfigSource::kFile;
      } else if (is_section(options_, path)) {
        if (!value.is_object()) {
          return Failure(where + path + ": expected an object of settings, got " +
                         describe_json(value));
        }
        auto nested = apply_object(where, value, path + ".");
        if (!nested) return nested;
      } else {
        // Quoted as JSON: a key may hold a line break (the message is one line).
        return Failure(where + "unknown key " + quote_value(path) +
                       suggestion(path, key_candidates(options_), true));
      }
    }
    return {};
  }

  std::span<const OptionSpec> options_;
  ResolvedConfig& result_;
};

}  // namespace

// --- Values -----------------------------------------------------------------------------------

std::optional<bool> parse_bool(std::string_view text) {
  for (std::string_view yes : {"true", "1", "yes"}) {
    if (ascii_iequals(text, yes)) return true;
  }
  for (std::string_view no : {"false", "0", "no"}) {
    if (ascii_iequals(text, no)) return false;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (!text.empty() && text.front() == '-') {
    const auto magnitude = parse_digits(text.substr(1));
    if (!magnitude) return std::nullopt;
    return -*magnitude;
  }
  return parse_digits(text);
}

std::optional<std::int64_t> parse_duration_millis(std::string_view text) {
  return parse_scaled(text, kDurationUnits, kMillisPerSecond);
}

std::optional<std::int64_t> parse_byte_size(std::string_view text) {
  return parse_scaled(text, kByteSizeUnits, 1);
}

std::string format_duration_millis(std::int64_t millis) {
  return format_scaled(millis, kDurationUnits, "0s");
}

std::string format_byte_size(std::int64_t bytes) {
  return format_scaled(bytes, kByteSizeUnits, "0B");
}

std::string expected_form(const OptionSpec& spec) {
  std::string form;
  switch (spec.type) {
    case OptionType::kInteger:
      form = "an integer";
      break;
    case OptionType::kBoolean:
      return "a boolean (true, false, yes, no, 1 or 0)";
    case OptionType::kString:
      return "a non-empty string";
    case OptionType::kOptionalString:
      return "a string (empty for none)";
    case OptionType::kAddressList:
      return "IP addresses and CIDR blocks (10.0.0.0/8, fd00::/8) separated by commas, or empty";
    case OptionType::kEnum:
      return "one of " + join(spec.choices);
    case OptionType::kDuration:
      form = "a duration such as 30s, 15m, 1h, 7d, 500ms or a number of seconds";
      break;
    case OptionType::kByteSize:
      form = "a byte size such as 512KiB, 1MiB, 1GiB or a number of bytes";
      break;
  }
  const std::string range = range_phrase(spec);
  if (range.empty()) return form;
  return form + (spec.type == OptionType::kInteger ? " " : ", ") + range;
}

std::string type_summary(const OptionSpec& spec) {
  std::string type;
  switch (spec.type) {
    case OptionType::kInteger:
      type = "integer";
      break;
    case OptionType::kBoolean:
      return "boolean";
    case OptionType::kString:
      return "string";
    case OptionType::kOptionalString:
      return "string (may be empty)";
    case OptionType::kAddressList:
      return "addresses and CIDR blocks (may be empty)";
    case OptionType::kEnum:
      return "one of " + join(spec.choices, "`");
    case OptionType::kDuration:
      type = "duration";
      break;
    case OptionType::kByteSize:
      type = "byte size";
      break;
  }
  const std::string range = range_phrase(spec);
  return range.empty() ? type : type + ", " + range;
}

tl::expected<OptionValue, std::string> parse_option_text(const OptionSpec& spec,
                                                         std::string_view text) {
  const std::string_view trimmed = trim(text);
  switch (spec.type) {
    case OptionType::kInteger: {
      const auto value = parse_integer(trimmed);
      if (!value || !in_range(spec, *value)) return fail_text(spec, text);
      return *value;
    }
    case OptionType::kBoolean: {
      const auto value = parse_bool(trimmed);
      if (!value) return fail_text(spec, text);
      return *value;
    }
    case OptionType::kString:
      if (trimmed.empty()) return fail_text(spec, text);
      return std::string(text);
    case OptionType::kOptionalString:
      return std::string(text);
    case OptionType::kAddressList:
      if (!http::TrustedProxies::parse(text)) return fail_text(spec, text);
      return std::string(text);
    case OptionType::kEnum: {
      const auto choice = std::find_if(
          spec.choices.begin(), spec.choices.end(),
          [&](std::string_view candidate) { return ascii_iequals(candidate, trimmed); });
      if (choice == spec.choices.end()) return fail_text(spec, text);
      return std::string(*choice);
    }
    case OptionType::kDuration: {
      const auto value = parse_duration_millis(trimmed);
      if (!value || !in_range(spec, *value)) return fail_text(spec, text);
      return *value;
    }
    case OptionType::kByteSize: {
      const auto value = parse_byte_size(trimmed);
      if (!value || !in_range(spec, *value)) return fail_text(spec, text);
      return *value;
    }
  }
  return fail_text(spec, text);
}

tl::expected<OptionValue, std::string> parse_option_json(const OptionSpec& spec,
                                                         const nlohmann::json& value) {
  switch (spec.type) {
    case OptionType::kInteger: {
      const auto number = json_integer(value);
      if (!number || !in_range(spec, *number)) return fail_json(spec, value);
      return *number;
    }
    case OptionType::kBoolean:
      if (!value.is_boolean()) return fail_json(spec, value);
      return value.get<bool>();
    case OptionType::kString:
    case OptionType::kOptionalString:
    case OptionType::kAddressList:
    case OptionType::kEnum:
      if (!value.is_string()) return fail_json(spec, value);
      return parse_option_text(spec, value.get_ref<const std::string&>());
    case OptionType::kDuration:
    case OptionType::kByteSize: {
      if (value.is_string()) return parse_option_text(spec, value.get_ref<const std::string&>());
      const auto number = json_integer(value);
      // A bare JSON number is seconds for a duration and bytes for a size, as in text.
      const std::int64_t factor = spec.type == OptionType::kDuration ? kMillisPerSecond : 1;
      if (!number || *number < 0 || *number > kInt64Max / factor ||
          !in_range(spec, *number * factor)) {
        return fail_json(spec, value);
      }
      return *number * factor;
    }
  }
  return fail_json(spec, value);
}

std::string format_option_value(const OptionSpec& spec, const OptionValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  const std::int64_t number = std::get<std::int64_t>(value);
  switch (spec.type) {
    case OptionType::kDuration:
      return format_duration_millis(number);
    case OptionType::kByteSize:
      return format_byte_size(number);
    default:
      return std::to_string(number);
  }
}

nlohmann::json option_value_json(const OptionSpec& spec, const OptionValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  if (spec.type == OptionType::kInteger) return std::get<std::int64_t>(value);
  return format_option_value(spec, value);
}

tl::expected<ResolvedConfig, std::string> resolve_options(std::span<const OptionSpec> options,
                                                          const ConfigFlags& flags,
                                                          const EnvVars& env,
                                                          const FileReader& read_file) {
  ResolvedConfig result;
  Resolver resolver(options, result);
  if (auto done = resolver.apply_defaults(); !done) return Failure(done.error());

  std::optional<std::string> path;
  std::string_view path_origin;
  if (flags.config_file) {
    path = *flags.config_file;
    path_origin = kConfigFileFlag;
  } else if (const auto it = env.find(kConfigFileEnv); it != env.end()) {
    path = it->second;
    path_origin = kConfigFileEnv;
  }
  if (path) {
    if (path->empty())
      return Failure(std::string(path_origin) + ": expected a file path, got \"\"");
    auto text = read_file(*path);
    if (!text) {
      return Failure("config file " + *path + " (named by " + std::string(path_origin) +
                     "): " + text.error());
    }
    if (auto done = resolver.apply_file(*path, *text); !done) return Failure(done.error());
    result.config_file = *path;
  }

  if (auto done = resolver.apply_env(env); !done) return Failure(done.error());
  if (auto done = resolver.apply_flags(flags); !done) return Failure(done.error());
  return result;
}

}  // namespace atrium::app
