#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "app/background_jobs.hpp"
#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "crypto/argon2id_hasher.hpp"
#include "crypto/sha256_token_hasher.hpp"
#include "crypto/sodium_random.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/login_service.hpp"
#include "domain/auth/session_service.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/mail/outbox_dispatcher.hpp"
#include "domain/mail/outbox_service.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "domain/onboarding/password_reset_service.hpp"
#include "domain/onboarding/registration_service.hpp"
#include "domain/settings/portal_settings.hpp"
#include "http/api/api_token_routes.hpp"
#include "http/api/audit_routes.hpp"
#include "http/api/bootstrap_routes.hpp"
#include "http/api/config_routes.hpp"
#include "http/api/invitation_routes.hpp"
#include "http/api/invite_code_routes.hpp"
#include "http/api/ops_routes.hpp"
#include "http/api/organisation_routes.hpp"
#include "http/api/outbox_routes.hpp"
#include "http/api/registration_routes.hpp"
#include "http/api/settings_routes.hpp"
#include "http/api/user_activation_routes.hpp"
#include "http/api/user_routes.hpp"
#include "http/dispatcher.hpp"
#include "http/response_cache.hpp"
#include "http/server.hpp"
#include "mail/curl_smtp_sender.hpp"
#include "mail/email_templates.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/admin/registration_requests_page.hpp"
#include "web/common/static_assets.hpp"
#include "web/common/templates.hpp"
#include "web/live/auth_pages.hpp"
#include "web/live/consumer_users_page.hpp"
#include "web/live/invitation_pages.hpp"
#include "web/live/password_pages.hpp"
#include "web/live/registration_pages.hpp"

namespace atrium::app {

namespace {

crypto::Argon2idParams hash_params(const PasswordConfig& config) {
  crypto::Argon2idParams p;
  p.memory_bytes = config.hash_memory_bytes;
  p.iterations = config.hash_iterations;
  p.max_concurrent = config.hash_concurrency;
  return p;
}

store::DatabaseOptions database_options(const DatabaseConfig& config) {
  store::DatabaseOptions o;
  o.dialect = config.dialect;
  o.connection_string = config.connection_string;
  o.pool_size = config.pool_size;
  o.busy_timeout = config.busy_timeout;
  return o;
}

http::ServerOptions server_options(const Config& config) {
  http::ServerOptions o;
  o.address = config.listen_address;
  o.port = config.host_port;
  o.io_threads = config.server.io_threads;
  o.max_body_bytes = config.server.max_body_bytes;
  o.read_timeout = config.server.read_timeout;
  o.write_timeout = config.server.write_timeout;
  o.handler_timeout = config.server.handler_timeout;
  o.shutdown_timeout = config.server.shutdown_timeout;
  return o;
}

SessionSettings session_settings(const SessionConfig& config) {
  SessionSettings s;
  s.lifetime = std::chrono::duration_cast<std::chrono::seconds>(config.lifetime);
  s.idle_timeout = std::chrono::duration_cast<std::chrono::seconds>(config.idle_timeout);
  return s;
}

std::optional<std::filesystem::path> theme_dir(const Config& config) {
  if (config.theme_dir.empty()) return std::nullopt;
  return std::filesystem::path(config.theme_dir);
}

// Email settings the operator fixed (any source but the default) win over stored ones.
SettingsOverrides settings_overrides(const Config& config) {
  SettingsOverrides o;
  auto set = [&](std::string_view key) { return config.source_of(key) != ConfigSource::kDefault; };
  const EmailConfig& e = config.email;
  if (set("Email.SMTPHost")) o.smtp_host = e.smtp_host;
  if (set("Email.SMTPPort")) o.smtp_port = e.smtp_port;
  if (set("Email.SMTPTLS")) {
    if (auto tls = parse_smtp_tls(e.smtp_tls)) o.smtp_tls = *tls;
  }
  if (set("Email.SMTPUsername")) o.smtp_user = e.smtp_username;
  if (set("Email.SMTPPassword")) o.smtp_password = e.smtp_password;
  if (set("Email.From")) o.email_from = e.from;
  if (set("Email.Admin")) o.email_admin = e.admin;
  o.smtp_ca_file = e.smtp_ca_file;
  return o;
}

DispatcherOptions dispatcher_options(const OutboxConfig& config) {
  DispatcherOptions o;
  o.retry_base = config.retry_base;
  o.max_attempts = config.max_attempts;
  return o;
}

// GET /portal-api/configs answers as Tyk does: an array of settings objects.
nlohmann::json tyk_configs(const Config& config) {
  nlohmann::json effective = effective_config_json(config);
  nlohmann::json settings = effective["Settings"];
  settings["Sources"] = effective["Sources"];
  return nlohmann::json::array({settings});
}

}  // namespace

struct Application::Parts {
  Config config;
  SystemClock system_clock;
  const Clock& clock;
  crypto::SodiumRandom random;
  crypto::Sha256TokenHasher token_hasher;
  crypto::Argon2idHasher argon2id;
  PasswordHasher& password_hasher;
  std::unique_ptr<store::SociDatabase> database;
  ApiTokenService api_tokens;
  BootstrapService bootstrap;
  UserService users;
  OrganisationService organisations;
  AuditLogService audit;
  SessionService sessions;
  LoginService login;
  mail::CurlSmtpSender smtp_sender;
  mail::TemplateEmailComposer composer;
  Mailer mailer;
  SettingsService settings;
  OnboardingDeps onboarding;
  InvitationService invitations;
  RegistrationService registrations;
  PasswordResetService resets;
  InviteCodeService invite_codes;
  OutboxService outbox;
  OutboxDispatcher outbox_dispatcher;
  BackgroundJobs background;
  web::PageRenderer renderer;
  web::AuthPages auth_pages;
  Metrics metrics;
  http::ResponseCache list_cache;
  std::unique_ptr<WorkerPool> workers;
  std::unique_ptr<http::Dispatcher> dispatcher;
  std::unique_ptr<http::Server> server;

  Parts(Config c, const Overrides& overrides)
      : config(std::move(c)),
        clock(overrides.clock != nullptr ? *overrides.clock : system_clock),
        argon2id(hash_params(config.password)),
        password_hasher(overrides.password_hasher != nullptr ? *overrides.password_hasher
                                                             : argon2id),
        database(store::open_database(database_options(config.database))),
        api_tokens(*database, random, token_hasher, clock),
        bootstrap(*database, password_hasher, random, token_hasher, clock),
        users(*database, password_hasher, random, clock),
        organisations(*database, random, clock),
        audit(*database),
        sessions(*database, random, token_hasher, clock, session_settings(config.session)),
        login(*database, password_hasher, sessions, clock, LoginThrottle{}),
        smtp_sender(clock, random),
        composer(theme_dir(config)),
        mailer(composer, MailerOptions{config.public_url, config.portal_name}),
        settings(*database, smtp_sender, mailer, clock, settings_overrides(config)),
        onboarding{*database,
                   password_hasher,
                   random,
                   token_hasher,
                   clock,
                   mailer,
                   settings,
                   MailLimits{config.throttle.mail_per_address, config.throttle.mail_per_email}},
        invitations(onboarding),
        registrations(onboarding),
        resets(onboarding),
        invite_codes(*database, random, clock),
        outbox(*database),
        outbox_dispatcher(*database, smtp_sender, settings, clock,
                          dispatcher_options(config.outbox)),
        background(*database, outbox_dispatcher, clock, config.outbox.poll_interval,
                   config.session.idle_timeout),
        renderer(theme_dir(config)),
        auth_pages{sessions,
                   login,
                   users,
                   renderer,
                   web::SessionCookie{config.session.name, config.session.secure,
                                      config.session.same_site},
                   [this] { return registrations.registration_open(); }},
        list_cache(config.server.response_cache_bytes) {
    users.set_hooks(&invitations);
    mailer.set_on_queued([this] { background.wake(); });
  }

  http::Router routes() {
    http::Router router;
    http::add_ops_routes(router, *database, metrics);
    http::add_bootstrap_routes(router, bootstrap);
    http::add_api_token_routes(router, api_tokens);
    http::add_config_routes(router, api_tokens, tyk_configs(config));
    http::add_user_routes(router, api_tokens, users, list_cache);
    http::add_organisation_routes(router, api_tokens, organisations);
    http::add_audit_routes(router, api_tokens, audit);
    http::add_user_activation_routes(router, api_tokens, users, invitations);
    http::add_invitation_routes(router, api_tokens, invitations);
    http::add_registration_routes(router, api_tokens, registrations);
    http::add_invite_code_routes(router, api_tokens, invite_codes);
    http::add_settings_routes(router, api_tokens, settings);
    http::add_outbox_routes(router, api_tokens, outbox);
    web::add_static_routes(router);
    web::add_auth_pages(router, auth_pages);
    web::add_registration_pages(router, auth_pages, registrations, invitations, resets);
    web::add_password_pages(router, auth_pages, invitations, resets);
    web::add_invitation_pages(router, auth_pages, invitations, users);
    web::add_registration_requests_page(router, auth_pages, registrations);
    web::add_consumer_user_pages(router, auth_pages, list_cache);
    return router;
  }
};

Application::Application(Config config, Overrides overrides)
    : parts_(std::make_unique<Parts>(std::move(config), overrides)) {}

Application::~Application() {
  try {
    stop();
  } catch (const std::exception& e) {
    spdlog::error("error while stopping: {}", e.what());
  }
}

int Application::migrate() {
  auto report = store::migrate(*parts_->database);
  if (!report) {
    const Error& e = report.error();
    throw std::runtime_error("migration failed: " + e.message +
                             (e.detail.empty() ? "" : " (" + e.detail + ")"));
  }
  return static_cast<int>(report->applied.size());
}

void Application::start() {
  Parts& p = *parts_;
  const int applied = migrate();
  if (applied > 0) spdlog::info("applied {} migration(s)", applied);
  p.workers =
      std::make_unique<WorkerPool>(p.config.server.worker_threads, p.config.server.worker_queue);
  WorkerPool& workers = *p.workers;
  store::SociDatabase& db = *p.database;
  p.metrics.add_gauge("atrium_worker_queue_depth", "Requests waiting for a worker thread.",
                      [&workers] { return static_cast<double>(workers.queue_depth()); });
  p.metrics.add_gauge("atrium_worker_busy", "Worker threads running a request.",
                      [&workers] { return static_cast<double>(workers.busy()); });
  p.metrics.add_gauge("atrium_worker_queue_capacity", "Requests that may wait before 503.",
                      [&workers] { return static_cast<double>(workers.capacity()); });
  const http::ResponseCache& cache = p.list_cache;
  p.metrics.add_gauge("atrium_response_cache_hits", "List answers served from the cache.",
                      [&cache] { return static_cast<double>(cache.hits()); });
  p.metrics.add_gauge("atrium_response_cache_misses",
                      "List answers computed and offered to the cache.",
                      [&cache] { return static_cast<double>(cache.misses()); });
  p.metrics.add_gauge("atrium_response_cache_bytes", "Memory held by cached list answers.",
                      [&cache] { return static_cast<double>(cache.bytes()); });
  p.metrics.add_gauge("atrium_db_pool_in_use", "Database connections leased.",
                      [&db] { return static_cast<double>(db.pool_in_use()); });
  p.metrics.add_gauge("atrium_db_pool_size", "Database connections in the pool.",
                      [&db] { return static_cast<double>(db.pool_size()); });
  p.dispatcher = std::make_unique<http::Dispatcher>(
      p.routes(), p.metrics,
      http::DispatcherOptions{.max_body_bytes = p.config.server.max_body_bytes,
                              .database = p.database.get()});
  p.server = std::make_unique<http::Server>(server_options(p.config), *p.dispatcher, workers);
  p.server->start();
  if (p.config.public_url.empty()) {
    p.mailer.set_public_url("http://localhost:" + std::to_string(p.server->port()));
  }
  p.background.start();
}

std::uint16_t Application::port() const {
  return parts_->server ? parts_->server->port() : std::uint16_t{0};
}

void Application::stop() {
  Parts& p = *parts_;
  if (p.server) p.server->stop();
  p.background.stop();
  if (p.workers) p.workers->stop();
}

Result<store::SeedReport> Application::seed(store::SeedPlan plan, std::string_view password) {
  migrate();
  auto hash = parts_->password_hasher.hash(password);
  if (!hash) return fail(std::move(hash).error());
  plan.password_hash = std::move(*hash);
  return store::seed_directory(*parts_->database, plan);
}

const Config& Application::config() const { return parts_->config; }
BootstrapService& Application::bootstrap() { return parts_->bootstrap; }
ApiTokenService& Application::api_tokens() { return parts_->api_tokens; }
Database& Application::database() { return *parts_->database; }
BackgroundJobs& Application::background_jobs() { return parts_->background; }

}  // namespace atrium::app
