#include "app/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/config_options.hpp"
#include "support/temp_dir.hpp"

namespace atrium::app {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::Not;

using Files = std::map<std::string, std::string>;

// A FileReader over in-memory files; any other path is "file not found".
FileReader fake_files(Files files) {
  return [files =
              std::move(files)](const std::string& path) -> tl::expected<std::string, std::string> {
    const auto it = files.find(path);
    if (it == files.end()) return tl::unexpected(std::string("file not found"));
    return it->second;
  };
}

ConfigResult load(const ConfigFlags& flags = {}, const EnvVars& env = {}, Files files = {}) {
  return load_config(flags, env, fake_files(std::move(files)));
}

ConfigResult load_file(const std::string& json) {
  return load({}, {{"PORTAL_CONFIG", "/etc/atrium.json"}}, {{"/etc/atrium.json", json}});
}

// Parses a command line through CLI11, as `atrium serve ...` would.
ConfigFlags parse_flags(const std::string& command_line) {
  ConfigFlags flags;
  CLI::App app{"test"};
  add_config_options(app, flags);
  app.parse(command_line, false);
  return flags;
}

// Parses argv words exactly as a shell would pass them (an empty word stays an empty value).
ConfigFlags parse_argv(std::vector<std::string> words) {
  ConfigFlags flags;
  CLI::App app{"test"};
  add_config_options(app, flags);
  words.insert(words.begin(), "atrium");
  std::vector<const char*> argv;
  argv.reserve(words.size());
  for (const auto& word : words) argv.push_back(word.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return flags;
}

std::string error_of(const ConfigResult& result) {
  EXPECT_FALSE(result.has_value()) << "expected a configuration error";
  return result.has_value() ? std::string() : result.error();
}

// --- Defaults -------------------------------------------------------------------------------

TEST(ConfigDefaults, MatchTheDocumentedValues) {
  const auto config = load();
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 3001);
  EXPECT_EQ(config->listen_address, "127.0.0.1");
  EXPECT_EQ(config->database.dialect, "sqlite3");
  EXPECT_EQ(config->database.connection_string, "data/portal.db");
  EXPECT_EQ(config->database.pool_size, 8U);
  EXPECT_EQ(config->database.busy_timeout, seconds(5));
  EXPECT_EQ(config->server.io_threads, 2U);
  EXPECT_EQ(config->server.worker_threads, 8U);
  EXPECT_EQ(config->server.worker_queue, 1024U);
  EXPECT_EQ(config->server.max_body_bytes, 1024U * 1024U);
  EXPECT_EQ(config->server.read_timeout, seconds(30));
  EXPECT_EQ(config->server.write_timeout, seconds(30));
  EXPECT_EQ(config->server.handler_timeout, seconds(30));
  EXPECT_EQ(config->server.shutdown_timeout, seconds(15));
  EXPECT_EQ(config->log.level, "info");
  EXPECT_EQ(config->password.hash_memory_bytes, 19U * 1024U * 1024U);
  EXPECT_EQ(config->password.hash_iterations, 2U);
  EXPECT_EQ(config->password.hash_concurrency, 2U);
  EXPECT_EQ(config->config_file, "");
  for (const auto& spec : config_options()) {
    EXPECT_EQ(config->source_of(spec.key), ConfigSource::kDefault) << spec.key;
  }
}

TEST(ConfigDefaults, DefaultConfigIsTheEmptyLoad) {
  const Config config = default_config();
  EXPECT_EQ(effective_config_json(config), effective_config_json(*load()));
}

// --- Precedence: default < file < env < flag ------------------------------------------------

TEST(ConfigPrecedence, FileOverridesDefault) {
  const auto config = load_file(R"({"HostPort": 4000, "Database": {"Dialect": "postgres"}})");
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 4000);
  EXPECT_EQ(config->database.dialect, "postgres");
  EXPECT_EQ(config->source_of("HostPort"), ConfigSource::kFile);
  EXPECT_EQ(config->source_of("Database.Dialect"), ConfigSource::kFile);
  EXPECT_EQ(config->source_of("Database.PoolSize"), ConfigSource::kDefault);
  EXPECT_EQ(config->config_file, "/etc/atrium.json");
}

TEST(ConfigPrecedence, EnvOverridesFile) {
  const auto config = load({}, {{"PORTAL_CONFIG", "/c.json"}, {"PORTAL_HOSTPORT", "5000"}},
                           {{"/c.json", R"({"HostPort": 4000, "ListenAddress": "0.0.0.0"})"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 5000);
  EXPECT_EQ(config->source_of("HostPort"), ConfigSource::kEnv);
  EXPECT_EQ(config->listen_address, "0.0.0.0");
  EXPECT_EQ(config->source_of("ListenAddress"), ConfigSource::kFile);
}

TEST(ConfigPrecedence, EnvOverridesDefault) {
  const auto config = load({}, {{"PORTAL_DATABASE_BUSYTIMEOUT", "250ms"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->database.busy_timeout, milliseconds(250));
  EXPECT_EQ(config->source_of("Database.BusyTimeout"), ConfigSource::kEnv);
}

TEST(ConfigPrecedence, FlagOverridesEnvFileAndDefault) {
  const ConfigFlags flags =
      parse_flags("--config /c.json --hostport 6000 --server-maxbodysize 2MiB --log-level debug");
  const auto config =
      load(flags, {{"PORTAL_HOSTPORT", "5000"}, {"PORTAL_SERVER_MAXBODYSIZE", "4MiB"}},
           {{"/c.json", R"({"HostPort": 4000, "Server": {"MaxBodySize": "8MiB"}})"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 6000);
  EXPECT_EQ(config->server.max_body_bytes, 2U * 1024U * 1024U);
  EXPECT_EQ(config->log.level, "debug");
  EXPECT_EQ(config->source_of("HostPort"), ConfigSource::kFlag);
  EXPECT_EQ(config->source_of("Server.MaxBodySize"), ConfigSource::kFlag);
  EXPECT_EQ(config->source_of("LogLevel"), ConfigSource::kFlag);
}

TEST(ConfigPrecedence, EachLevelSetsOnlyWhatItNames) {
  const ConfigFlags flags = parse_flags("--server-iothreads 4");
  const auto config = load(
      flags, {{"PORTAL_CONFIG", "/c.json"}, {"PORTAL_SERVER_WORKERTHREADS", "16"}},
      {{"/c.json", R"({"Server": {"WorkerQueue": 10, "IoThreads": 3, "WorkerThreads": 12}})"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->server.io_threads, 4U);
  EXPECT_EQ(config->server.worker_threads, 16U);
  EXPECT_EQ(config->server.worker_queue, 10U);
  EXPECT_EQ(config->server.read_timeout, seconds(30));
  EXPECT_EQ(config->source_of("Server.IoThreads"), ConfigSource::kFlag);
  EXPECT_EQ(config->source_of("Server.WorkerThreads"), ConfigSource::kEnv);
  EXPECT_EQ(config->source_of("Server.WorkerQueue"), ConfigSource::kFile);
  EXPECT_EQ(config->source_of("Server.ReadTimeout"), ConfigSource::kDefault);
}

TEST(ConfigPrecedence, ConfigFlagBeatsPortalConfigEnv) {
  const auto config = load(parse_flags("--config /flag.json"), {{"PORTAL_CONFIG", "/env.json"}},
                           {{"/flag.json", R"({"HostPort": 1})"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 1);
  EXPECT_EQ(config->config_file, "/flag.json");
}

TEST(ConfigPrecedence, OverriddenValuesAreStillValidated) {
  const auto config = load({}, {{"PORTAL_CONFIG", "/c.json"}, {"PORTAL_HOSTPORT", "5000"}},
                           {{"/c.json", R"({"HostPort": 70000})"}});
  EXPECT_EQ(error_of(config),
            "config file /c.json: HostPort: expected an integer from 0 to 65535, got number 70000");
}

// --- Bad values -----------------------------------------------------------------------------

TEST(ConfigBadValues, NonNumberNamesTheVariableAndForm) {
  EXPECT_EQ(error_of(load({}, {{"PORTAL_HOSTPORT", "abc"}})),
            R"(PORTAL_HOSTPORT: expected an integer from 0 to 65535, got "abc")");
  EXPECT_EQ(error_of(load({}, {{"PORTAL_DATABASE_POOLSIZE", "8.5"}})),
            R"(PORTAL_DATABASE_POOLSIZE: expected an integer from 1 to 256, got "8.5")");
  EXPECT_THAT(error_of(load({}, {{"PORTAL_HOSTPORT", ""}})), HasSubstr(R"(got "")"));
}

TEST(ConfigBadValues, IntegerOutOfRange) {
  EXPECT_EQ(error_of(load({}, {{"PORTAL_HOSTPORT", "65536"}})),
            R"(PORTAL_HOSTPORT: expected an integer from 0 to 65535, got "65536")");
  EXPECT_EQ(error_of(load(parse_flags("--database-poolsize=0"))),
            R"(--database-poolsize: expected an integer from 1 to 256, got "0")");
  EXPECT_EQ(error_of(load(parse_flags("--password-hashiterations=-1"))),
            R"(--password-hashiterations: expected an integer from 1 to 10, got "-1")");
  EXPECT_THAT(error_of(load({}, {{"PORTAL_SERVER_WORKERQUEUE", "99999999999999999999"}})),
              HasSubstr("PORTAL_SERVER_WORKERQUEUE: expected an integer from 1 to 100000"));
}

TEST(ConfigBadValues, EdgesOfRangesAreAccepted) {
  const auto config = load({}, {{"PORTAL_HOSTPORT", "0"}, {"PORTAL_SERVER_WORKERQUEUE", "100000"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 0);
  EXPECT_EQ(config->server.worker_queue, 100000U);
}

TEST(ConfigBadValues, BadEnum) {
  EXPECT_EQ(error_of(load(parse_flags("--database-dialect mysql"))),
            R"(--database-dialect: expected one of sqlite3, postgres, got "mysql")");
  EXPECT_EQ(
      error_of(load({}, {{"PORTAL_LOG_LEVEL", "verbose"}})),
      R"(PORTAL_LOG_LEVEL: expected one of trace, debug, info, warn, error, off, got "verbose")");
}

TEST(ConfigBadValues, EnumMatchesIgnoringCaseAndStoresTheTableSpelling) {
  const auto config = load({}, {{"PORTAL_DATABASE_DIALECT", "Postgres"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->database.dialect, "postgres");
}

TEST(ConfigBadValues, BadDuration) {
  for (const std::string bad : {"abc", "30x", "-5s", "1.5h", "s", "30 s", "1h30m", "2d"}) {
    EXPECT_EQ(error_of(load({}, {{"PORTAL_SERVER_READTIMEOUT", bad}})),
              "PORTAL_SERVER_READTIMEOUT: expected a duration such as 30s, 15m, 1h, 7d, 500ms or "
              "a number of seconds, from 1ms to 1d, got \"" +
                  bad + "\"")
        << bad;
  }
  EXPECT_THAT(error_of(load(parse_flags("--server-readtimeout 0"))),
              HasSubstr("--server-readtimeout: expected a duration"));
}

TEST(ConfigBadValues, BadByteSize) {
  for (const std::string bad : {"1MB", "1.5MiB", "big", "-1", "65MiB", "1023", "KiB"}) {
    EXPECT_EQ(error_of(load({}, {{"PORTAL_SERVER_MAXBODYSIZE", bad}})),
              "PORTAL_SERVER_MAXBODYSIZE: expected a byte size such as 512KiB, 1MiB, 1GiB or a "
              "number of bytes, from 1KiB to 64MiB, got \"" +
                  bad + "\"")
        << bad;
  }
}

TEST(ConfigBadValues, EmptyStringIsRejected) {
  EXPECT_EQ(error_of(load(parse_argv({"--listen-address", ""}))),
            R"(--listen-address: expected a non-empty string, got "")");
}

// The current table has no boolean option yet (PORTAL_SESSION_SECURE will be one); check the
// boolean type through a table of its own.
constexpr std::array<OptionSpec, 1> kBooleanOptions = {{
    {.key = "Session.Secure",
     .env = "PORTAL_SESSION_SECURE",
     .flag = "--session-secure",
     .type = OptionType::kBoolean,
     .default_value = "true",
     .help = "Secure cookies."},
}};

tl::expected<bool, std::string> resolve_boolean(const ConfigFlags& flags, const EnvVars& env,
                                                Files files = {}) {
  auto resolved = resolve_options(kBooleanOptions, flags, env, fake_files(std::move(files)));
  if (!resolved) return tl::unexpected(resolved.error());
  return std::get<bool>(resolved->options.at(0).value);
}

TEST(ConfigBadValues, BadBoolean) {
  EXPECT_EQ(
      resolve_boolean({}, {{"PORTAL_SESSION_SECURE", "maybe"}}).error(),
      R"(PORTAL_SESSION_SECURE: expected a boolean (true, false, yes, no, 1 or 0), got "maybe")");
  EXPECT_EQ(resolve_boolean({.config_file = {}, .values = {{"Session.Secure", "2"}}}, {}).error(),
            R"(--session-secure: expected a boolean (true, false, yes, no, 1 or 0), got "2")");
  EXPECT_EQ(
      resolve_boolean({}, {{"PORTAL_CONFIG", "/c"}}, {{"/c", R"({"Session": {"Secure": "yes"}})"}})
          .error(),
      R"(config file /c: Session.Secure: expected a boolean (true, false, yes, no, 1 or 0), got string "yes")");
}

TEST(ConfigBadValues, BooleanSpellings) {
  EXPECT_EQ(resolve_boolean({}, {}), true);
  for (const std::string yes : {"true", "TRUE", "1", "yes", "Yes"}) {
    EXPECT_EQ(resolve_boolean({}, {{"PORTAL_SESSION_SECURE", yes}}), true) << yes;
  }
  for (const std::string no : {"false", "False", "0", "no", "NO"}) {
    EXPECT_EQ(resolve_boolean({}, {{"PORTAL_SESSION_SECURE", no}}), false) << no;
  }
  EXPECT_EQ(
      resolve_boolean({}, {{"PORTAL_CONFIG", "/c"}}, {{"/c", R"({"Session": {"Secure": false}})"}}),
      false);
}

TEST(ConfigBadValues, SecretValuesAreNeverEchoed) {
  const std::string error =
      error_of(load_file(R"({"Database": {"ConnectionString": {"password": "hunter2"}}})"));
  EXPECT_EQ(error,
            "config file /etc/atrium.json: Database.ConnectionString: expected a non-empty string, "
            "got a secret value (not shown)");
  EXPECT_THAT(error, Not(HasSubstr("hunter2")));
}

// --- Config file ----------------------------------------------------------------------------

TEST(ConfigFile, UnknownKeyStopsStartUp) {
  EXPECT_EQ(
      error_of(load_file(R"({"Database": {"Dialekt": "sqlite3"}})")),
      R"(config file /etc/atrium.json: unknown key "Database.Dialekt" (did you mean "Database.Dialect"?))");
  EXPECT_EQ(error_of(load_file(R"({"Databse": {"Dialect": "sqlite3"}})")),
            R"(config file /etc/atrium.json: unknown key "Databse" (did you mean "Database"?))");
  EXPECT_EQ(error_of(load_file(R"({"hostport": 3001})")),
            R"(config file /etc/atrium.json: unknown key "hostport" (did you mean "HostPort"?))");
  EXPECT_EQ(error_of(load_file(R"({"LicenseKey": "x"})")),
            R"(config file /etc/atrium.json: unknown key "LicenseKey")");
}

TEST(ConfigFile, WrongJsonTypeNamesTheKey) {
  EXPECT_EQ(
      error_of(load_file(R"({"HostPort": "abc"})")),
      R"(config file /etc/atrium.json: HostPort: expected an integer from 0 to 65535, got string "abc")");
  EXPECT_EQ(
      error_of(load_file(R"({"HostPort": "3001"})")),
      R"(config file /etc/atrium.json: HostPort: expected an integer from 0 to 65535, got string "3001")");
  EXPECT_EQ(error_of(load_file(R"({"HostPort": 30.5})")),
            "config file /etc/atrium.json: HostPort: expected an integer from 0 to 65535, got "
            "number 30.5");
  EXPECT_EQ(error_of(load_file(R"({"LogLevel": 3})")),
            "config file /etc/atrium.json: LogLevel: expected one of trace, debug, info, warn, "
            "error, off, got number 3");
  EXPECT_EQ(error_of(load_file(R"({"Database": 5})")),
            "config file /etc/atrium.json: Database: expected an object of settings, got number 5");
  EXPECT_EQ(error_of(load_file(R"({"Server": {"ReadTimeout": true}})")),
            "config file /etc/atrium.json: Server.ReadTimeout: expected a duration such as 30s, "
            "15m, 1h, 7d, 500ms or a number of seconds, from 1ms to 1d, got boolean true");
  EXPECT_THAT(error_of(load_file(R"({"ListenAddress": null})")),
              HasSubstr("ListenAddress: expected a non-empty string, got null"));
  EXPECT_THAT(error_of(load_file(R"({"HostPort": [1]})")),
              HasSubstr("HostPort: expected an integer from 0 to 65535, got an array"));
}

TEST(ConfigFile, DurationsAndSizesTakeNumbersOrStrings) {
  const auto config = load_file(R"({
    "Database": {"BusyTimeout": 10},
    "Server": {"ReadTimeout": "15m", "WriteTimeout": "1h", "HandlerTimeout": "500ms",
               "ShutdownTimeout": 0, "MaxBodySize": 2048},
    "Password": {"HashMemory": "64MiB"}
  })");
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->database.busy_timeout, seconds(10));
  EXPECT_EQ(config->server.read_timeout, minutes(15));
  EXPECT_EQ(config->server.write_timeout, hours(1));
  EXPECT_EQ(config->server.handler_timeout, milliseconds(500));
  EXPECT_EQ(config->server.shutdown_timeout, seconds(0));
  EXPECT_EQ(config->server.max_body_bytes, 2048U);
  EXPECT_EQ(config->password.hash_memory_bytes, 64U * 1024U * 1024U);
  EXPECT_THAT(error_of(load_file(R"({"Server": {"MaxBodySize": 1}})")),
              HasSubstr("Server.MaxBodySize: expected a byte size such as 512KiB, 1MiB, 1GiB or a "
                        "number of bytes, from 1KiB to 64MiB, got number 1"));
  EXPECT_THAT(error_of(load_file(R"({"Server": {"ReadTimeout": -1}})")),
              HasSubstr("Server.ReadTimeout: expected a duration"));
}

TEST(ConfigFile, MalformedJsonNamesFileAndPosition) {
  EXPECT_EQ(error_of(load_file("{\n  \"HostPort\": 3001,\n}")),
            "config file /etc/atrium.json: invalid JSON: parse error at line 3, column 1: syntax "
            "error while parsing object key - unexpected '}'; expected string literal");
  EXPECT_THAT(error_of(load_file("")),
              HasSubstr("config file /etc/atrium.json: invalid JSON: parse error at line 1"));
}

// Found by tests/fuzz/config: nlohmann's parser ends the input at a NUL byte, ignoring the rest
// of the file; and its message quotes the last bytes read, which may be any bytes.
TEST(ConfigFile, NulByteAndRawBytesInInvalidJson) {
  EXPECT_EQ(error_of(load_file(std::string("{}") + '\0' + R"({"HostPort": "x"})")),
            "config file /etc/atrium.json: invalid JSON: a NUL byte at byte 3");
  EXPECT_THAT(error_of(load_file("{\"HostPort\": 1\xFF}")), HasSubstr("last read: '1\\xFF'"));
}

// Found by tests/fuzz/config: a key or value holding a line break or DEL made the one-line
// message several lines, or put a control character in it.
TEST(ConfigFile, KeysAndValuesAreShownEscaped) {
  EXPECT_EQ(error_of(load_file(R"({"Data\nbase": 1})")),
            R"(config file /etc/atrium.json: unknown key "Data\nbase" (did you mean "Database"?))");
  EXPECT_EQ(error_of(load_file(R"({"A\u0007": 1, "A\u0007": 2})")),
            R"(config file /etc/atrium.json: duplicate key "A\u0007")");
  EXPECT_EQ(error_of(load({}, {{"PORTAL_HOSTPORT", "1\x7F"}})),
            R"(PORTAL_HOSTPORT: expected an integer from 0 to 65535, got "1\u007f")");
}

TEST(ConfigFile, TopLevelMustBeAnObject) {
  EXPECT_EQ(error_of(load_file("[]")),
            "config file /etc/atrium.json: expected a JSON object of settings, got an array");
}

TEST(ConfigFile, DuplicateKeyIsAnError) {
  EXPECT_EQ(error_of(load_file(R"({"HostPort": 1, "HostPort": 2})")),
            R"(config file /etc/atrium.json: duplicate key "HostPort")");
  EXPECT_EQ(
      error_of(load_file(R"({"Database": {"PoolSize": 1, "Dialect": "sqlite3", "PoolSize": 2}})")),
      R"(config file /etc/atrium.json: duplicate key "Database.PoolSize")");
  // The same name in different objects is not a duplicate.
  EXPECT_TRUE(
      load_file(R"({"Server": {"ReadTimeout": 1}, "Database": {"BusyTimeout": 1}})").has_value());
}

TEST(ConfigFile, EmptyObjectKeepsDefaults) {
  const auto config = load_file(R"({"Database": {}})");
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->database.dialect, "sqlite3");
}

TEST(ConfigFile, MissingNamedFileIsAnError) {
  const testing::TempDir dir;
  const std::string path = dir.file("absent.json");
  EXPECT_EQ(error_of(load_config(parse_flags("--config " + path), {})),
            "config file " + path + " (named by --config): file not found");
  EXPECT_EQ(error_of(load_config({}, {{"PORTAL_CONFIG", path}})),
            "config file " + path + " (named by PORTAL_CONFIG): file not found");
  EXPECT_EQ(error_of(load_config({}, {{"PORTAL_CONFIG", ""}})),
            R"(PORTAL_CONFIG: expected a file path, got "")");
  EXPECT_EQ(
      error_of(load_config(parse_flags("--config " + dir.path().string()), {})),
      "config file " + dir.path().string() + " (named by --config): is a directory, not a file");
}

TEST(ConfigFile, ReadsARealFile) {
  const testing::TempDir dir;
  const std::string path = dir.file("atrium.json");
  std::ofstream(path) << R"({"HostPort": 0, "Database": {"PoolSize": 3}})";
  const auto config = load_config({}, {{"PORTAL_CONFIG", path}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 0);
  EXPECT_EQ(config->database.pool_size, 3U);
  EXPECT_EQ(config->config_file, path);
}

TEST(ConfigFile, NoFileIsReadUnlessNamed) {
  bool read = false;
  const FileReader spy = [&read](const std::string&) -> tl::expected<std::string, std::string> {
    read = true;
    return "{}";
  };
  ASSERT_TRUE(load_config({}, {{"HOME", "/root"}}, spy).has_value());
  EXPECT_FALSE(read);
}

// --- Environment ----------------------------------------------------------------------------

TEST(ConfigEnv, UnknownPortalVariableStopsStartUp) {
  EXPECT_EQ(error_of(load({}, {{"PORTAL_HOSTPROT", "3001"}})),
            "PORTAL_HOSTPROT: unknown PORTAL_* environment variable (did you mean "
            "PORTAL_HOSTPORT?); see 'atrium serve --help' for the supported ones");
  EXPECT_EQ(error_of(load({}, {{"PORTAL_LICENSE_KEY", "x"}})),
            "PORTAL_LICENSE_KEY: unknown PORTAL_* environment variable; see 'atrium serve "
            "--help' for the supported ones");
}

TEST(ConfigEnv, OtherVariablesAndTheAllowListAreAccepted) {
  const auto config = load({},
                           {{"PORTAL_CONFIG", "/c.json"},
                            {"HOME", "/root"},
                            {"PORTAL", "x"},
                            {"portal_hostport", "1"},
                            {"TYK_PORTAL_X", "y"}},
                           {{"/c.json", "{}"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 3001);
}

// --- Effective configuration ----------------------------------------------------------------

TEST(EffectiveConfig, RedactsSecrets) {
  const auto config =
      load({}, {{"PORTAL_DATABASE_DIALECT", "postgres"},
                {"PORTAL_DATABASE_CONNECTIONSTRING", "host=db user=portal password=hunter2"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->database.connection_string, "host=db user=portal password=hunter2");
  const nlohmann::json json = effective_config_json(*config);
  EXPECT_EQ(json["Settings"]["Database"]["ConnectionString"], "********");
  EXPECT_EQ(json["Sources"]["Database.ConnectionString"], "env");
  EXPECT_THAT(json.dump(), Not(HasSubstr("hunter2")));
  // Secret even when left at its default.
  EXPECT_EQ(effective_config_json(default_config())["Settings"]["Database"]["ConnectionString"],
            "********");
}

TEST(EffectiveConfig, ReportsValuesAndSources) {
  const auto config =
      load(parse_flags("--hostport 0"),
           {{"PORTAL_CONFIG", "/c.json"}, {"PORTAL_SERVER_READTIMEOUT", "90s"}},
           {{"/c.json", R"({"Password": {"HashMemory": 65536}, "LogLevel": "warn"})"}});
  ASSERT_TRUE(config.has_value()) << config.error();
  const nlohmann::json json = effective_config_json(*config);
  EXPECT_EQ(json["ConfigFile"], "/c.json");
  EXPECT_EQ(json["Settings"]["HostPort"], 0);
  EXPECT_EQ(json["Settings"]["Server"]["ReadTimeout"], "90s");
  EXPECT_EQ(json["Settings"]["Server"]["WriteTimeout"], "30s");
  EXPECT_EQ(json["Settings"]["Server"]["MaxBodySize"], "1MiB");
  EXPECT_EQ(json["Settings"]["Password"]["HashMemory"], "64KiB");
  EXPECT_EQ(json["Settings"]["LogLevel"], "warn");
  EXPECT_EQ(json["Sources"]["HostPort"], "flag");
  EXPECT_EQ(json["Sources"]["Server.ReadTimeout"], "env");
  EXPECT_EQ(json["Sources"]["Password.HashMemory"], "file");
  EXPECT_EQ(json["Sources"]["LogLevel"], "file");
  EXPECT_EQ(json["Sources"]["Server.WriteTimeout"], "default");
  EXPECT_EQ(json["Sources"].size(), config_options().size());
  EXPECT_TRUE(effective_config_json(default_config())["ConfigFile"].is_null());
}

TEST(EffectiveConfig, SettingsAreAValidConfigFile) {
  auto original = load({}, {{"PORTAL_SERVER_HANDLERTIMEOUT", "1500ms"},
                            {"PORTAL_PASSWORD_HASHMEMORY", "12345"},
                            {"PORTAL_DATABASE_BUSYTIMEOUT", "0"}});
  ASSERT_TRUE(original.has_value()) << original.error();
  nlohmann::json settings = effective_config_json(*original)["Settings"];
  settings["Database"]["ConnectionString"] = original->database.connection_string;
  const auto reloaded = load_file(settings.dump());
  ASSERT_TRUE(reloaded.has_value()) << reloaded.error();
  EXPECT_EQ(effective_config_json(*reloaded)["Settings"],
            effective_config_json(*original)["Settings"]);
  EXPECT_EQ(reloaded->server.handler_timeout, milliseconds(1500));
  EXPECT_EQ(reloaded->password.hash_memory_bytes, 12345U);
}

// --- Value syntax ---------------------------------------------------------------------------

TEST(ConfigValues, Durations) {
  EXPECT_EQ(parse_duration_millis("30s"), 30'000);
  EXPECT_EQ(parse_duration_millis("15m"), 15 * 60'000);
  EXPECT_EQ(parse_duration_millis("1h"), 3'600'000);
  EXPECT_EQ(parse_duration_millis("7d"), 7 * 86'400'000LL);
  EXPECT_EQ(parse_duration_millis("45"), 45'000);
  EXPECT_EQ(parse_duration_millis("250ms"), 250);
  EXPECT_EQ(parse_duration_millis("2H"), 7'200'000);
  EXPECT_EQ(parse_duration_millis("0"), 0);
  for (const char* bad :
       {"", "s", "1.5s", "-1s", "+1s", "1 s", "1w", "1h30m", "9999999999999999999d"}) {
    EXPECT_EQ(parse_duration_millis(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(format_duration_millis(0), "0s");
  EXPECT_EQ(format_duration_millis(250), "250ms");
  EXPECT_EQ(format_duration_millis(1'500), "1500ms");
  EXPECT_EQ(format_duration_millis(30'000), "30s");
  EXPECT_EQ(format_duration_millis(90'000), "90s");
  EXPECT_EQ(format_duration_millis(900'000), "15m");
  EXPECT_EQ(format_duration_millis(7'200'000), "2h");
  EXPECT_EQ(format_duration_millis(604'800'000), "7d");
}

TEST(ConfigValues, ByteSizes) {
  EXPECT_EQ(parse_byte_size("1MiB"), 1 << 20);
  EXPECT_EQ(parse_byte_size("512KiB"), 512 << 10);
  EXPECT_EQ(parse_byte_size("2GiB"), 2LL << 30);
  EXPECT_EQ(parse_byte_size("100B"), 100);
  EXPECT_EQ(parse_byte_size("4096"), 4096);
  EXPECT_EQ(parse_byte_size("1mib"), 1 << 20);
  for (const char* bad : {"", "MiB", "1MB", "1M", "1K", "1.5MiB", "-1", "1 MiB", "1TiB"}) {
    EXPECT_EQ(parse_byte_size(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(format_byte_size(0), "0B");
  EXPECT_EQ(format_byte_size(1000), "1000B");
  EXPECT_EQ(format_byte_size(8192), "8KiB");
  EXPECT_EQ(format_byte_size(19 << 20), "19MiB");
  EXPECT_EQ(format_byte_size(4LL << 30), "4GiB");
}

TEST(ConfigValues, IntegersAndBooleans) {
  EXPECT_EQ(parse_integer("3001"), 3001);
  EXPECT_EQ(parse_integer("-1"), -1);
  for (const char* bad : {"", "-", "+1", "1e3", "0x10", "12a", " 1"}) {
    EXPECT_EQ(parse_integer(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(parse_bool("yes"), true);
  EXPECT_EQ(parse_bool("0"), false);
  for (const char* bad : {"", "y", "on", "off", "2", "truee"}) {
    EXPECT_EQ(parse_bool(bad), std::nullopt) << bad;
  }
}

TEST(ConfigValues, SurroundingSpaceIsIgnoredForNonStrings) {
  const auto config = load({}, {{"PORTAL_HOSTPORT", " 8080\n"}, {"PORTAL_LOG_LEVEL", " warn "}});
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->host_port, 8080);
  EXPECT_EQ(config->log.level, "warn");
}

// --- The option table -----------------------------------------------------------------------

std::string flag_from_env(std::string_view env) {
  std::string flag = "--";
  for (const char c : env.substr(std::string_view("PORTAL_").size())) {
    flag += c == '_' ? '-' : static_cast<char>(c - 'A' + 'a');
  }
  return flag;
}

TEST(ConfigTable, EveryOptionIsWellFormedAndUnique) {
  std::set<std::string_view> keys;
  std::set<std::string_view> envs;
  std::set<std::string_view> flags;
  for (const auto& spec : config_options()) {
    SCOPED_TRACE(std::string(spec.key));
    EXPECT_TRUE(keys.insert(spec.key).second) << "duplicate key";
    EXPECT_TRUE(envs.insert(spec.env).second) << "duplicate env";
    EXPECT_TRUE(flags.insert(spec.flag).second) << "duplicate flag";
    EXPECT_FALSE(spec.help.empty()) << "no help text";
    EXPECT_TRUE(spec.help.ends_with(".")) << "help is a sentence";
    EXPECT_TRUE(spec.env.starts_with("PORTAL_"));
    EXPECT_NE(spec.env, kConfigFileEnv);
    EXPECT_EQ(spec.flag, flag_from_env(spec.env)) << "flag follows the env name";
    EXPECT_NE(spec.flag, kConfigFileFlag);
    // PascalCase segments separated by dots.
    EXPECT_THAT(std::string(spec.key),
                ::testing::MatchesRegex("[A-Z][A-Za-z0-9]*(\\.[A-Z][A-Za-z0-9]*)*"));
    EXPECT_NE(spec.binding.store, nullptr);
    EXPECT_NE(spec.binding.load, nullptr);
    EXPECT_LE(spec.min, spec.max);
    EXPECT_EQ(spec.type == OptionType::kEnum, !spec.choices.empty());
    EXPECT_TRUE(parse_option_text(spec, spec.default_value).has_value()) << "bad default";
  }
  // No option's key is also a section holding other options.
  for (const auto& spec : config_options()) {
    for (const auto& other : config_options()) {
      EXPECT_FALSE(other.key.starts_with(std::string(spec.key) + ".")) << spec.key;
    }
  }
}

TEST(ConfigTable, FieldsHoldTheWholeRange) {
  for (const auto& spec : config_options()) {
    if (spec.type != OptionType::kInteger && spec.type != OptionType::kDuration &&
        spec.type != OptionType::kByteSize) {
      continue;
    }
    for (const std::int64_t bound : {spec.min, spec.max}) {
      Config config;
      spec.binding.store(config, OptionValue(bound));
      EXPECT_EQ(spec.binding.load(config), OptionValue(bound)) << spec.key << " " << bound;
    }
  }
}

// --- Command line ---------------------------------------------------------------------------

TEST(ConfigCli, RecordsOnlyTheFlagsGiven) {
  const ConfigFlags flags = parse_flags(
      "--hostport=8080 --database-connectionstring 'host=db password=x' --log-level warn "
      "--log-level error");
  EXPECT_EQ(flags.config_file, std::nullopt);
  EXPECT_EQ(flags.values, (std::map<std::string, std::string, std::less<>>{
                              {"HostPort", "8080"},
                              {"Database.ConnectionString", "host=db password=x"},
                              {"LogLevel", "error"}}));
  EXPECT_EQ(parse_flags("--config /a.json").config_file, "/a.json");
  EXPECT_TRUE(parse_flags("").values.empty());
}

TEST(ConfigCli, HelpDocumentsEveryOption) {
  ConfigFlags flags;
  CLI::App app{"atrium"};
  CLI::App* serve = app.add_subcommand("serve", "Serve HTTP");
  add_config_options(*serve, flags);
  const std::string help = serve->help();
  EXPECT_THAT(help, HasSubstr("--config FILE"));
  EXPECT_THAT(help, HasSubstr("PORTAL_CONFIG"));
  for (const auto& spec : config_options()) {
    EXPECT_THAT(help, HasSubstr(std::string(spec.flag) + " ")) << spec.key;
    EXPECT_THAT(help, HasSubstr("[env " + std::string(spec.env) + ";")) << spec.key;
    EXPECT_THAT(help, HasSubstr("default " + std::string(spec.default_value) + "]")) << spec.key;
  }
  EXPECT_THAT(std::string(kConfigHelpFooter),
              HasSubstr("defaults < config file (--config FILE or PORTAL_CONFIG, JSON) < "
                        "PORTAL_* environment variables < command-line flags"));
}

TEST(ConfigCli, UnknownFlagIsRejectedByCli11) {
  ConfigFlags flags;
  CLI::App app{"atrium"};
  add_config_options(app, flags);
  EXPECT_THROW(app.parse("--hostprot 1", false), CLI::ParseError);
}

// --- Documentation --------------------------------------------------------------------------

TEST(ConfigDocs, MarkdownTableListsEveryOption) {
  const std::string table = config_options_markdown();
  for (const auto& spec : config_options()) {
    EXPECT_THAT(table, HasSubstr("| `" + std::string(spec.key) + "` | `" + std::string(spec.env) +
                                 "` | `" + std::string(spec.flag) + "` |"));
  }
  EXPECT_THAT(table, HasSubstr("**Secret**"));
}

std::string read_docs() {
#ifdef ATRIUM_SOURCE_DIR
  std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/docs/configuration.md");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
#else
  return {};
#endif
}

TEST(ConfigDocs, DocsNameEveryVariable) {
#ifndef ATRIUM_SOURCE_DIR
  FAIL() << "compile the unit tests with ATRIUM_SOURCE_DIR=\"<repository root>\"";
#endif
  const std::string docs = read_docs();
  ASSERT_FALSE(docs.empty()) << "docs/configuration.md is missing or empty";
  EXPECT_THAT(docs, HasSubstr(std::string(kConfigFileEnv)));
  for (const auto& spec : config_options()) {
    EXPECT_THAT(docs, HasSubstr(std::string(spec.env))) << spec.key;
  }
}

TEST(ConfigDocs, DocsHoldTheGeneratedTable) {
#ifndef ATRIUM_SOURCE_DIR
  FAIL() << "compile the unit tests with ATRIUM_SOURCE_DIR=\"<repository root>\"";
#endif
  const std::string docs = read_docs();
  ASSERT_FALSE(docs.empty()) << "docs/configuration.md is missing or empty";
  EXPECT_THAT(docs, HasSubstr(config_options_markdown()))
      << "docs/configuration.md is out of date; replace its option table with:\n\n"
      << config_options_markdown();
}

}  // namespace
}  // namespace atrium::app
