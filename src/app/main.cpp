// The `atrium` command: serve, migrate, bootstrap, token create, seed, version.
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <iostream>

#include "app/application.hpp"
#include "app/config.hpp"
#include "core/log_text.hpp"

namespace {

using atrium::app::Application;
using atrium::app::Config;

// LogFormat prod (JSON): the message as a JSON "msg" member; from the "access" logger (the
// dispatcher's, whose messages are JSON members already, request text escaped) as it is.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    const std::string_view logger(msg.logger_name.data(), msg.logger_name.size());
    const std::string text =
        logger == "access" ? std::string(payload) : "\"msg\":" + atrium::json_log_string(payload);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

void setup_logging(const Config& config) {
  // Logs go to stderr so that stdout carries only what a command prints for people and scripts.
  auto logger = spdlog::stderr_color_mt("atrium");
  spdlog::set_default_logger(logger);
  if (config.log.format == "prod") {
    // Access lines through their own logger on the same sink (one writer, whole lines).
    spdlog::register_logger(std::make_shared<spdlog::logger>("access", logger->sinks().front()));
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%*})");
    spdlog::set_formatter(std::move(formatter));
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  }
  spdlog::set_level(spdlog::level::from_str(config.log.level));
}

Config load_or_exit(const atrium::app::ConfigFlags& flags) {
  auto config = atrium::app::load_config(flags, atrium::app::portal_environment());
  if (!config) {
    std::cerr << "atrium: configuration error: " << config.error() << "\n";
    std::exit(2);
  }
  return std::move(*config);
}

// Blocks SIGINT/SIGTERM in every thread (call before any thread starts); serve waits for them.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int serve(const Config& config, const sigset_t& signals) {
  Application app(config);
  app.start();
  std::printf("Atrium listening on http://%s:%u\n", config.listen_address.c_str(),
              static_cast<unsigned>(app.port()));
  // The address emailed links use: signing in there keeps the session for those links.
  std::printf("Sign in at %s\n", app.link("/auth/password/login").c_str());
  std::fflush(stdout);
  spdlog::info("listening on {}:{} (database: {})", config.listen_address, app.port(),
               config.database.dialect);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("received signal {}, shutting down gracefully", signal_number);
  app.stop();
  spdlog::info("stopped");
  return 0;
}

int migrate(const Config& config) {
  Application app(config);
  const int applied = app.migrate();
  std::printf("migrations applied: %d\n", applied);
  return 0;
}

struct BootstrapArgs {
  std::string email;
  std::optional<std::string> password;
  std::string first = "Portal";
  std::string last = "Admin";
  bool if_needed = false;
};

int bootstrap(const Config& config, const BootstrapArgs& args) {
  Application app(config);
  app.migrate();
  auto& service = app.bootstrap();
  if (args.if_needed) {
    auto done = service.done();
    if (!done) throw std::runtime_error(done.error().message);
    if (*done) {
      std::printf("An API Owner exists already; nothing to do.\n");
      return 0;
    }
  }
  atrium::BootstrapRequest request{args.email, args.password, args.first, args.last, "cli"};
  auto result = service.bootstrap(request);
  if (!result) {
    std::cerr << "atrium bootstrap: " << result.error().message << "\n";
    return result.error().code == atrium::ErrorCode::kConflict ? 3 : 1;
  }
  std::printf("API Owner created (super-admin).\n");
  std::printf("  Email:     %s\n", result->owner.email.c_str());
  if (result->generated_password) {
    std::printf("  Password:  %s  (one-time: change it at first login)\n",
                result->generated_password->c_str());
  }
  std::printf("  API token: %s  (shown once; send it as the Authorization header)\n",
              result->api_token.secret.c_str());
  return 0;
}

struct TokenArgs {
  std::string email;
  std::string name = "Created on the command line";
};

// `atrium token create`: a new admin API token for an existing API Owner who lost theirs.
int create_token(const Config& config, const TokenArgs& args) {
  Application app(config);
  app.migrate();
  auto issued = app.api_tokens().issue_for_owner(args.email, args.name);
  if (!issued) {
    std::cerr << "atrium token create: " << issued.error().message << "\n";
    return issued.error().code == atrium::ErrorCode::kNotFound ? 3 : 1;
  }
  std::printf("API token \"%s\" created for %s.\n", issued->token.name.c_str(), args.email.c_str());
  std::printf("  API token: %s  (shown once; send it as the Authorization header)\n",
              issued->secret.c_str());
  return 0;
}

struct SeedArgs {
  long long users = 10'000;
  long long organisations = 1'000;
  std::optional<long long> large_organisations;
  std::optional<long long> large_size;
  long long department_size = 100;
  std::string password = "bench-password-7Qx";
  std::string email_domain = "seed.example";
  std::uint64_t shape_seed = 1;
};

// Defaults that keep the shape alike at every scale: one large organisation per 100,000 users
// (at least one), each with up to 10,000 users (at most half of all users).
atrium::store::SeedPlan seed_plan(const SeedArgs& args) {
  atrium::store::SeedPlan plan;
  plan.users = args.users;
  plan.organisations = args.organisations;
  plan.large_organisations = args.large_organisations.value_or(std::max(1LL, args.users / 100'000));
  plan.large_size = args.large_size.value_or(std::clamp(args.users / 2, 1LL, 10'000LL));
  plan.department_size = args.department_size;
  plan.email_domain = args.email_domain;
  plan.shape_seed = args.shape_seed;
  return plan;
}

int seed(const Config& config, const SeedArgs& args) {
  Application app(config);
  const auto started = std::chrono::steady_clock::now();
  auto report = app.seed(seed_plan(args), args.password);
  const std::chrono::duration<double> all = std::chrono::steady_clock::now() - started;
  if (!report) {
    std::cerr << "atrium seed: " << report.error().message
              << (report.error().detail.empty() ? "" : " (" + report.error().detail + ")") << "\n";
    return report.error().code == atrium::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  // key=value lines, for people and for bench/run.
  std::printf("users=%lld\norganisations=%lld\nteams=%lld\nmemberships=%lld\nseconds=%.2f\n",
              report->users, report->organisations, report->teams, report->memberships,
              report->seconds);
  std::printf("catalogues=%lld\nproducts=%lld\nplans=%lld\n", report->catalogues, report->products,
              report->plans);
  std::printf("apps=%lld\naccess_requests=%lld\ncredentials=%lld\n", report->apps,
              report->access_requests, report->credentials);
  // `seconds` is the directory alone (the DESIGN's target); this is the whole seed.
  std::printf("total_seconds=%.2f\n", all.count());
  std::printf("password=%s\n", args.password.c_str());
  std::printf("small_org_user=%s\nlarge_org_user=%s\n", report->small_org_user.c_str(),
              report->large_org_user.c_str());
  std::printf("middle_user_id=%lld\nmiddle_user_email=%s\nmiddle_user_last=%s\n",
              report->middle_user_id, report->middle_user_email.c_str(),
              report->middle_user_last.c_str());
  return 0;
}

CLI::App* add_bootstrap_command(CLI::App& cli, atrium::app::ConfigFlags& flags,
                                BootstrapArgs& args) {
  auto* cmd = cli.add_subcommand(
      "bootstrap", "Create the first API Owner (super-admin) and print an admin API token");
  cmd->add_option("--email", args.email, "Email address of the API Owner")->required();
  cmd->add_option("--password", args.password,
                  "Initial password (default: generate one that must be changed)");
  cmd->add_option("--first", args.first, "First name")->capture_default_str();
  cmd->add_option("--last", args.last, "Last name")->capture_default_str();
  cmd->add_flag("--if-needed", args.if_needed,
                "Do nothing (exit 0) when an API Owner exists already");
  atrium::app::add_config_options(*cmd, flags);

  return cmd;
}

CLI::App* add_token_command(CLI::App& cli, atrium::app::ConfigFlags& flags, TokenArgs& args) {
  auto* token = cli.add_subcommand("token", "Manage admin API tokens");
  token->require_subcommand(1);
  auto* cmd = token->add_subcommand(
      "create", "Print a new admin API token for an existing API Owner (one who lost theirs)");
  cmd->add_option("--email", args.email, "Email address of the API Owner")->required();
  cmd->add_option("--name", args.name, "What the token is for")->capture_default_str();
  atrium::app::add_config_options(*cmd, flags);
  return cmd;
}

CLI::App* add_seed_command(CLI::App& cli, atrium::app::ConfigFlags& flags, SeedArgs& args) {
  auto* cmd = cli.add_subcommand(
      "seed",
      "Fill the configured database with a synthetic directory for benchmarks (users,\n"
      "organisations, teams, memberships; one password for all) and a catalogue (catalogues,\n"
      "products, plans), and print key=value lines");
  cmd->add_option("--users", args.users, "Users to add")->capture_default_str();
  cmd->add_option("--organisations", args.organisations,
                  "Organisations to add (each with its default team)")
      ->capture_default_str();
  cmd->add_option("--large-organisations", args.large_organisations,
                  "How many of them are large (default: one per 100,000 users, at least 1)");
  cmd->add_option("--large-size", args.large_size,
                  "Users in each large organisation (default: users/2, at most 10,000)");
  cmd->add_option("--department-size", args.department_size,
                  "Users per team in a large organisation")
      ->capture_default_str();
  cmd->add_option("--password", args.password, "Password of every seeded user")
      ->capture_default_str();
  cmd->add_option("--email-domain", args.email_domain, "Domain of the seeded email addresses")
      ->capture_default_str();
  cmd->add_option("--shape-seed", args.shape_seed,
                  "Random seed of the shapes (sizes, names, teams)")
      ->capture_default_str();
  atrium::app::add_config_options(*cmd, flags);

  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  const sigset_t signals = block_shutdown_signals();
  CLI::App cli{"Atrium: a developer portal server for API Consumers"};
  cli.footer(std::string(atrium::app::kConfigHelpFooter));
  cli.require_subcommand(1);

  atrium::app::ConfigFlags serve_flags;
  auto* serve_cmd = cli.add_subcommand("serve", "Migrate the database and serve HTTP");
  atrium::app::add_config_options(*serve_cmd, serve_flags);

  atrium::app::ConfigFlags migrate_flags;
  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply pending database migrations");
  atrium::app::add_config_options(*migrate_cmd, migrate_flags);

  atrium::app::ConfigFlags bootstrap_flags;
  BootstrapArgs bootstrap_args;
  auto* bootstrap_cmd = add_bootstrap_command(cli, bootstrap_flags, bootstrap_args);

  atrium::app::ConfigFlags seed_flags;
  SeedArgs seed_args;
  auto* seed_cmd = add_seed_command(cli, seed_flags, seed_args);

  atrium::app::ConfigFlags token_flags;
  TokenArgs token_args;
  auto* token_cmd = add_token_command(cli, token_flags, token_args);

  cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  try {
    if (serve_cmd->parsed()) {
      const Config config = load_or_exit(serve_flags);
      setup_logging(config);
      return serve(config, signals);
    }
    if (migrate_cmd->parsed()) {
      const Config config = load_or_exit(migrate_flags);
      setup_logging(config);
      return migrate(config);
    }
    if (bootstrap_cmd->parsed()) {
      const Config config = load_or_exit(bootstrap_flags);
      setup_logging(config);
      return bootstrap(config, bootstrap_args);
    }
    if (token_cmd->parsed()) {
      const Config config = load_or_exit(token_flags);
      setup_logging(config);
      return create_token(config, token_args);
    }
    if (seed_cmd->parsed()) {
      const Config config = load_or_exit(seed_flags);
      setup_logging(config);
      return seed(config, seed_args);
    }
    std::printf("atrium %s\n", ATRIUM_VERSION);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "atrium: " << e.what() << "\n";
    return 1;
  }
}
