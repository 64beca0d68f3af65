// The config file reader (app/config: load_config with a JSON file) and the option value parsers
// behind it (app/config_options). Invariants: no exception escapes; a refusal is one printable
// line that never shows a secret value; an accepted file's effective settings, written back as
// a config file, load to the same settings; every option value that parses formats back to text
// that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "app/config_options.hpp"
#include "core/log_text.hpp"
#include "fuzz_support.hpp"

namespace {

using nlohmann::json;
namespace app = atrium::app;

constexpr std::string_view kCanary = "canary-secret-value-7f3a";

app::ConfigResult load(const std::string& text) {
  app::ConfigFlags flags;
  flags.config_file = "fuzz.json";
  const app::FileReader reader = [&text](const std::string&) {
    return tl::expected<std::string, std::string>(text);
  };
  return app::load_config(flags, {}, reader);
}

// The document with every secret option that it sets as a string replaced by the canary; null
// when it is not a JSON object or sets no secret.
json with_canary_secrets(const json& document) {
  if (!document.is_object()) return nullptr;
  json changed = document;
  bool any = false;
  for (const auto& spec : app::config_options()) {
    if (!spec.secret) continue;
    json::json_pointer pointer;
    std::string_view key = spec.key;
    for (auto dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.')) {
      pointer /= std::string(key.substr(0, dot));
      key.remove_prefix(dot + 1);
    }
    pointer /= std::string(key);
    if (changed.contains(pointer) && changed.at(pointer).is_string()) {
      changed.at(pointer) = kCanary;
      any = true;
    }
  }
  return any ? changed : json(nullptr);
}

void check_refusal(const std::string& message) {
  FUZZ_CHECK(!message.empty());
  if (!atrium::fuzz::is_plain_text(message)) {
    std::fprintf(stderr, "message: %s\n", atrium::escape_log_text(message).c_str());
    atrium::fuzz::invariant_broken("a refusal is one printable line", __FILE__, __LINE__);
  }
}

void check_file(const std::string& text) {
  const auto loaded = load(text);
  if (!loaded) {
    check_refusal(loaded.error());
    // The same file with its secrets replaced by a known value: the message never shows it.
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded()) return;
    const json canary = with_canary_secrets(document);
    if (canary.is_null()) return;
    const auto refused = load(canary.dump());
    if (!refused) FUZZ_CHECK(refused.error().find(kCanary) == std::string::npos);
    return;
  }
  const json settings = app::effective_config_json(*loaded).at("Settings");
  const auto reloaded = load(settings.dump());
  FUZZ_CHECK(reloaded.has_value());
  FUZZ_CHECK(app::effective_config_json(*reloaded).at("Settings") == settings);
}

void check_values(std::string_view text) {
  for (const auto& spec : app::config_options()) {
    const auto value = app::parse_option_text(spec, text);
    if (!value) {
      check_refusal(value.error());
      if (spec.secret) FUZZ_CHECK(text.size() < 8 || value.error().find(text) == std::string::npos);
      continue;
    }
    const std::string written = app::format_option_value(spec, *value);
    const auto reread = app::parse_option_text(spec, written);
    FUZZ_CHECK(reread.has_value() && *reread == *value);
    const auto from_json = app::parse_option_json(spec, app::option_value_json(spec, *value));
    FUZZ_CHECK(from_json.has_value() && *from_json == *value);
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(atrium::fuzz::as_text(data, size));
  check_file(text);
  // A value as an environment variable or a flag would give it: the first line.
  check_values(std::string_view(text).substr(0, text.find('\n')));
  return 0;
}
