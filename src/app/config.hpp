#pragma once

// Atrium's configuration: one table of options (config_options.hpp) drives the typed Config, the
// config file, the PORTAL_* environment variables, the command-line flags, `--help`, the
// effective configuration shown by GET /portal-api/configs and the table in
// docs/configuration.md.
//
// Precedence, lowest first: built-in defaults < config file < PORTAL_* environment < flags.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace CLI {
class App;
}  // namespace CLI

namespace atrium::app {

struct DatabaseConfig {
  std::string dialect;            // "sqlite3" or "postgres"
  std::string connection_string;  // SQLite file path or libpq string; secret (may hold a password)
  std::size_t pool_size = 0;
  std::chrono::milliseconds busy_timeout{};
};

struct ServerConfig {
  std::size_t io_threads = 0;
  std::size_t worker_threads = 0;
  std::size_t worker_queue = 0;  // requests waiting for a worker; beyond it the answer is 503
  std::size_t max_body_bytes = 0;
  std::size_t max_uri_bytes = 0;         // longer request targets are answered 414
  std::size_t max_header_bytes = 0;      // a longer header name or value is answered 431
  std::size_t response_cache_bytes = 0;  // 0: list answers are always computed
  std::chrono::milliseconds read_timeout{};
  std::chrono::milliseconds write_timeout{};
  std::chrono::milliseconds handler_timeout{};   // longest time to produce a response
  std::chrono::milliseconds shutdown_timeout{};  // graceful drain on SIGTERM / SIGINT
  std::string trusted_proxies;  // addresses/CIDRs whose X-Forwarded-For is believed; "": none
};

struct SessionConfig {
  std::string name;                      // cookie name
  std::chrono::milliseconds lifetime{};  // absolute limit
  std::chrono::milliseconds idle_timeout{};
  bool secure = false;    // Secure cookie attribute
  std::string same_site;  // Strict, Lax or None
};

struct LogConfig {
  std::string level;   // trace, debug, info, warn, error or off (spdlog::level::from_str spelling)
  std::string format;  // text or json (one JSON object a line; access lines with fields)
};

struct PasswordConfig {
  std::size_t hash_memory_bytes = 0;  // Argon2id m
  std::uint32_t hash_iterations = 0;  // Argon2id t
  std::size_t hash_concurrency = 0;   // hashes allowed to run at once
  int min_strength = 0;               // zxcvbn score a new password needs; 0: not estimated
};

// SMTP and sender addresses fixed by the operator; a value set anywhere but the default wins over
// what owners store through /portal-api/settings.
struct EmailConfig {
  std::string smtp_host;
  int smtp_port = 0;
  std::string smtp_tls;  // none, starttls or tls
  std::string smtp_username;
  std::string smtp_password;  // secret
  std::string smtp_ca_file;
  std::string from;
  std::string admin;
};

struct OutboxConfig {
  std::chrono::milliseconds poll_interval{};
  std::chrono::milliseconds retry_base{};
  int max_attempts = 0;
};

struct ThrottleConfig {
  long long mail_per_address = 0;
  long long mail_per_email = 0;
};

// The gateway key check (docs/gateway.md).
struct GatewayConfig {
  std::string key_header;  // besides Authorization
  std::string secret;      // empty: checks need none
  std::chrono::milliseconds poll_interval{};
  std::chrono::milliseconds flush_interval{};
};

// Where an option's effective value came from.
enum class ConfigSource { kDefault, kFile, kEnv, kFlag };

std::string_view to_string(ConfigSource source);

// The typed, validated configuration. Fields are zero until filled by load_config() or
// default_config(); the defaults live only in the option table.
struct Config {
  std::uint16_t host_port = 0;  // 0 picks a free port (tests)
  std::string listen_address;
  DatabaseConfig database;
  ServerConfig server;
  LogConfig log;
  PasswordConfig password;
  SessionConfig session;
  std::string theme_dir;    // empty: the built-in templates only
  std::string public_url;   // empty: http://localhost:<port>
  std::string portal_name;  // shown in emails
  EmailConfig email;
  OutboxConfig outbox;
  ThrottleConfig throttle;
  GatewayConfig gateway;

  // The config file that was read; empty when none was named.
  std::string config_file;
  // Option key ("Database.Dialect") to the source of its value; absent means kDefault.
  std::map<std::string, ConfigSource, std::less<>> sources;

  ConfigSource source_of(std::string_view key) const;
};

// Values of the command-line flags that were given (filled by add_config_options' callbacks).
struct ConfigFlags {
  std::optional<std::string> config_file;                  // --config FILE
  std::map<std::string, std::string, std::less<>> values;  // option key -> flag text
};

// Environment variables by name. Only names starting with "PORTAL_" are looked at; every other
// name is ignored, so the whole process environment may be passed.
using EnvVars = std::map<std::string, std::string, std::less<>>;

// Reads a whole file: its text, or a short reason such as "file not found".
using FileReader = std::function<tl::expected<std::string, std::string>(const std::string& path)>;

using ConfigResult = tl::expected<Config, std::string>;

// The environment variable naming the config file (same as --config; the flag wins).
inline constexpr std::string_view kConfigFileEnv = "PORTAL_CONFIG";
inline constexpr std::string_view kConfigFileFlag = "--config";

// Shown as "********" wherever a secret option's value would appear.
inline constexpr std::string_view kRedacted = "********";

// Footer for `atrium --help`.
inline constexpr std::string_view kConfigHelpFooter =
    "Configuration: built-in defaults < config file (--config FILE or PORTAL_CONFIG, JSON) < "
    "PORTAL_* environment variables < command-line flags. Unknown config-file keys, unknown "
    "PORTAL_* variables and invalid values stop start-up with a message naming the option. "
    "'atrium serve --help' lists every option with its variable and default; "
    "docs/configuration.md has the full table.";

// Loads the configuration: defaults, then the config file named by flags.config_file or
// env[PORTAL_CONFIG] (a named file that cannot be read is an error), then env, then flags.
// Every value given at any level is validated, even one a higher level overrides. On failure the
// error is one line naming the file key, variable or flag and the expected form, e.g.
//   PORTAL_HOSTPORT: expected an integer from 0 to 65535, got "abc"
// Secret values never appear in messages.
ConfigResult load_config(const ConfigFlags& flags, const EnvVars& env, const FileReader& read_file);
ConfigResult load_config(const ConfigFlags& flags, const EnvVars& env);  // reads real files

// The built-in defaults, as load_config() with no file, environment or flags.
Config default_config();

// The process environment's PORTAL_* variables (for main; unit tests pass their own EnvVars).
EnvVars portal_environment();

// Reads a file from disk (the FileReader used by the two-argument load_config).
tl::expected<std::string, std::string> read_text_file(const std::string& path);

// Registers --config and one flag per option (e.g. --database-dialect VALUE) on `cmd`, each
// documented with its help, environment variable and default. Given flags are recorded in
// `flags`, which must outlive cmd's parsing. Call it for every subcommand that loads the config.
void add_config_options(CLI::App& cmd, ConfigFlags& flags);

// Every option's effective value and source, for GET /portal-api/configs:
//   {"Settings": {"HostPort": 3001, "Database": {"Dialect": "sqlite3",
//                 "ConnectionString": "********", ...}, ...},
//    "Sources": {"HostPort": "default", "Database.Dialect": "env", ...},
//    "ConfigFile": "/etc/atrium.json" | null}
// "Settings" has the config file's shape (durations like "30s", sizes like "1MiB"); secrets are
// always "********".
nlohmann::json effective_config_json(const Config& config);

// The Markdown table of every option (key, variable, flag, type, default, description), as
// embedded in docs/configuration.md.
std::string config_options_markdown();

}  // namespace atrium::app
