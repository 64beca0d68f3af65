#pragma once

// The option table behind Config, and the parsing and formatting of option values. To add an
// option: add a field to Config (config.hpp) and one row to the table in config_table.cpp, then
// paste the new config_options_markdown() into docs/configuration.md (a unit test checks it).

#include <chrono>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <type_traits>
#include <variant>
#include <vector>

#include "app/config.hpp"

namespace atrium::app {

enum class OptionType {
  kInteger,         // whole number within [min, max]
  kBoolean,         // true/false/1/0/yes/no (any case); JSON true/false
  kString,          // non-empty text
  kOptionalString,  // any text; empty means "not set"
  kEnum,            // one of `choices` (matched ignoring case, stored as spelled in the table)
  kDuration,     // 30s, 15m, 1h, 7d, 500ms or a bare number of seconds; [min, max] in milliseconds
  kByteSize,     // 1MiB, 512KiB, 1GiB, 100B or a bare number of bytes; [min, max] in bytes
  kAddressList,  // IP addresses and CIDR blocks, separated by commas or spaces; empty: none
};

// A parsed value: integers, durations (milliseconds) and byte sizes (bytes) are int64.
using OptionValue = std::variant<std::int64_t, bool, std::string>;

// How a row reads and writes its Config field; made by bind_field<...>().
struct FieldBinding {
  void (*store)(Config&, const OptionValue&) = nullptr;
  OptionValue (*load)(const Config&) = nullptr;
};

struct OptionSpec {
  std::string_view key{};   // config-file path, PascalCase, '.' between nested objects
  std::string_view env{};   // PORTAL_..., Tyk's name where Tyk has one
  std::string_view flag{};  // --<env without PORTAL_, lower case, '_' -> '-'>
  OptionType type = OptionType::kString;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::span<const std::string_view> choices{};  // kEnum only
  std::string_view default_value{};             // written as a user would; parsed like any input
  bool secret = false;                          // never printed, logged or returned
  std::string_view help{};
  FieldBinding binding{};
};

inline constexpr std::int64_t kKiB = 1024;
inline constexpr std::int64_t kMiB = 1024 * kKiB;
inline constexpr std::int64_t kGiB = 1024 * kMiB;
inline constexpr std::int64_t kMillisPerSecond = 1000;
inline constexpr std::int64_t kMillisPerMinute = 60 * kMillisPerSecond;
inline constexpr std::int64_t kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr std::int64_t kMillisPerDay = 24 * kMillisPerHour;

// The table (config_table.cpp), in the order of --help and the docs.
std::span<const OptionSpec> config_options();

// Text from an environment variable, a flag or a default. The error is the expected form and the
// value, e.g. `expected an integer from 0 to 65535, got "abc"`, without a prefix.
tl::expected<OptionValue, std::string> parse_option_text(const OptionSpec& spec,
                                                         std::string_view text);
// A config-file value: integers take JSON integers, booleans JSON booleans, strings and enums
// JSON strings, durations and sizes JSON integers (seconds, bytes) or strings.
tl::expected<OptionValue, std::string> parse_option_json(const OptionSpec& spec,
                                                         const nlohmann::json& value);

// "an integer from 0 to 65535", "one of sqlite3, postgres", ...
std::string expected_form(const OptionSpec& spec);
// Short type for tables: "integer 0–65535", "duration 1ms–1d", ...
std::string type_summary(const OptionSpec& spec);
// The value as a user would write it ("30s", "1MiB", "3001"); secrets are not redacted here.
std::string format_option_value(const OptionSpec& spec, const OptionValue& value);
// The value in the config file's JSON form; secrets are not redacted here.
nlohmann::json option_value_json(const OptionSpec& spec, const OptionValue& value);

std::optional<bool> parse_bool(std::string_view text);
std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<std::int64_t> parse_duration_millis(std::string_view text);
std::optional<std::int64_t> parse_byte_size(std::string_view text);
std::string format_duration_millis(std::int64_t millis);
std::string format_byte_size(std::int64_t bytes);

// Option values per key, with their sources, after applying every level of precedence.
struct ResolvedOption {
  const OptionSpec* spec = nullptr;
  OptionValue value;
  ConfigSource source = ConfigSource::kDefault;
};

struct ResolvedConfig {
  std::string config_file;
  std::vector<ResolvedOption> options;  // one per table row, in table order
};

// load_config() without the binding to Config, over any table (tests use their own tables).
tl::expected<ResolvedConfig, std::string> resolve_options(std::span<const OptionSpec> options,
                                                          const ConfigFlags& flags,
                                                          const EnvVars& env,
                                                          const FileReader& read_file);

namespace config_detail {

template <typename T>
void assign(T& field, const OptionValue& value) {
  if constexpr (std::is_same_v<T, bool>) {
    field = std::get<bool>(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    field = std::get<std::string>(value);
  } else if constexpr (std::is_same_v<T, std::chrono::milliseconds>) {
    field = std::chrono::milliseconds(std::get<std::int64_t>(value));
  } else {
    static_assert(std::is_integral_v<T>, "unsupported Config field type");
    // The row's [min, max] keeps the value within T (a unit test checks every row).
    field = static_cast<T>(std::get<std::int64_t>(value));
  }
}

template <typename T>
OptionValue read(const T& field) {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
    return field;
  } else if constexpr (std::is_same_v<T, std::chrono::milliseconds>) {
    return static_cast<std::int64_t>(field.count());
  } else {
    static_assert(std::is_integral_v<T>, "unsupported Config field type");
    return static_cast<std::int64_t>(field);
  }
}

}  // namespace config_detail

// bind_field<&Config::host_port>() or bind_field<&Config::database, &DatabaseConfig::dialect>().
template <auto kMember>
constexpr FieldBinding bind_field() {
  return {[](Config& config, const OptionValue& value) {
            config_detail::assign(config.*kMember, value);
          },
          [](const Config& config) -> OptionValue { return config_detail::read(config.*kMember); }};
}

template <auto kSection, auto kMember>
constexpr FieldBinding bind_field() {
  return {[](Config& config, const OptionValue& value) {
            config_detail::assign(config.*kSection.*kMember, value);
          },
          [](const Config& config) -> OptionValue {
            return config_detail::read(config.*kSection.*kMember);
          }};
}

}  // namespace atrium::app
