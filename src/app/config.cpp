#include "app/config.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "app/config_options.hpp"

namespace atrium::app {
namespace {

constexpr std::string_view kHelpGroup = "Configuration (defaults < config file < env < flags)";

std::string cli_type_name(const OptionSpec& spec) {
  switch (spec.type) {
    case OptionType::kInteger:
      return "INT";
    case OptionType::kBoolean:
      return "BOOL";
    case OptionType::kString:
    case OptionType::kOptionalString:
      return "TEXT";
    case OptionType::kAddressList:
      return "ADDRESSES";
    case OptionType::kEnum: {
      std::string names;
      for (const auto choice : spec.choices) {
        if (!names.empty()) names += '|';
        names += choice;
      }
      return names;
    }
    case OptionType::kDuration:
      return "DURATION";
    case OptionType::kByteSize:
      return "SIZE";
  }
  return "VALUE";
}

std::string cli_description(const OptionSpec& spec) {
  std::string text(spec.help);
  text += "\n[env ";
  text += spec.env;
  if (spec.type != OptionType::kString && spec.type != OptionType::kEnum) {
    text += "; " + type_summary(spec);
  }
  text += "; default ";
  text += spec.default_value;
  text += "]";
  return text;
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string_view to_string(ConfigSource source) {
  switch (source) {
    case ConfigSource::kDefault:
      return "default";
    case ConfigSource::kFile:
      return "file";
    case ConfigSource::kEnv:
      return "env";
    case ConfigSource::kFlag:
      return "flag";
  }
  return "default";
}

ConfigSource Config::source_of(std::string_view key) const {
  const auto it = sources.find(key);
  return it == sources.end() ? ConfigSource::kDefault : it->second;
}

ConfigResult load_config(const ConfigFlags& flags, const EnvVars& env,
                         const FileReader& read_file) {
  auto resolved = resolve_options(config_options(), flags, env, read_file);
  if (!resolved) return tl::unexpected(std::move(resolved).error());
  Config config;
  config.config_file = resolved->config_file;
  for (const auto& option : resolved->options) {
    option.spec->binding.store(config, option.value);
    config.sources.emplace(std::string(option.spec->key), option.source);
  }
  return config;
}

ConfigResult load_config(const ConfigFlags& flags, const EnvVars& env) {
  return load_config(flags, env, FileReader(read_text_file));
}

Config default_config() {
  const FileReader no_files = [](const std::string&) -> tl::expected<std::string, std::string> {
    return tl::unexpected(std::string("no file may be read"));
  };
  auto config = load_config(ConfigFlags{}, EnvVars{}, no_files);
  // The defaults are checked by unit tests; a failure here is a broken table.
  if (!config) throw std::logic_error("invalid built-in configuration: " + config.error());
  return std::move(*config);
}

EnvVars portal_environment() {
  EnvVars env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = text.substr(0, equals);
    if (name.starts_with("PORTAL_")) env.emplace(name, text.substr(equals + 1));
  }
  return env;
}

tl::expected<std::string, std::string> read_text_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found)
    return tl::unexpected(std::string("file not found"));
  if (error) return tl::unexpected(error.message());
  if (fs::is_directory(status)) return tl::unexpected(std::string("is a directory, not a file"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(std::string("cannot be opened for reading"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return tl::unexpected(std::string("read error"));
  return std::move(text).str();
}

void add_config_options(CLI::App& cmd, ConfigFlags& flags) {
  const std::string group(kHelpGroup);
  cmd.add_option_function<std::string>(
         std::string(kConfigFileFlag),
         [&flags](const std::string& path) { flags.config_file = path; },
         "JSON configuration file; a named file that is missing is an error.\n[env " +
             std::string(kConfigFileEnv) + "; default: none]")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(group);
  for (const auto& spec : config_options()) {
    cmd.add_option_function<std::string>(
           std::string(spec.flag),
           [&flags, key = std::string(spec.key)](const std::string& text) {
             flags.values[key] = text;
           },
           cli_description(spec))
        ->type_name(cli_type_name(spec))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
        ->group(group);
  }
}

nlohmann::json effective_config_json(const Config& config) {
  nlohmann::json settings = nlohmann::json::object();
  nlohmann::json sources = nlohmann::json::object();
  for (const auto& spec : config_options()) {
    nlohmann::json* node = &settings;
    std::string_view key = spec.key;
    for (auto dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.')) {
      node = &(*node)[std::string(key.substr(0, dot))];
      key.remove_prefix(dot + 1);
    }
    (*node)[std::string(key)] = spec.secret ? nlohmann::json(kRedacted)
                                            : option_value_json(spec, spec.binding.load(config));
    sources[std::string(spec.key)] = to_string(config.source_of(spec.key));
  }
  return {{"Settings", std::move(settings)},
          {"Sources", std::move(sources)},
          {"ConfigFile", config.config_file.empty() ? nlohmann::json(nullptr)
                                                    : nlohmann::json(config.config_file)}};
}

std::string config_options_markdown() {
  std::string out =
      "| Config file key | Environment variable | Flag | Type | Default | Description |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& spec : config_options()) {
    std::string description = markdown_cell(spec.help);
    if (spec.secret) description += " **Secret**: never shown in output or logs.";
    out += "| `" + std::string(spec.key) + "` | `" + std::string(spec.env) + "` | `" +
           std::string(spec.flag) + "` | " + markdown_cell(type_summary(spec)) + " | `" +
           markdown_cell(spec.default_value) + "` | " + description + " |\n";
  }
  return out;
}

}  // namespace atrium::app
