#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "app/modules/admin_module.hpp"
#include "app/modules/apps_module.hpp"
#include "app/modules/audit_module.hpp"
#include "app/modules/catalogue_module.hpp"
#include "app/modules/directory_module.hpp"
#include "app/modules/freshness_module.hpp"
#include "app/modules/gateway_module.hpp"
#include "app/modules/mail_module.hpp"
#include "app/modules/onboarding_module.hpp"
#include "app/modules/ops_module.hpp"
#include "app/modules/settings_module.hpp"
#include "app/modules/sign_in_module.hpp"
#include "app/platform.hpp"
#include "core/worker_pool.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "store/apps/app_seed.hpp"
#include "store/catalogue/catalogue_seed.hpp"
#include "store/migrations.hpp"
#include "web/common/page_support.hpp"

namespace atrium::app {

namespace {

http::ServerOptions server_options(const Config& config) {
  http::ServerOptions o;
  o.address = config.listen_address;
  o.port = config.host_port;
  o.io_threads = config.server.io_threads;
  o.max_body_bytes = config.server.max_body_bytes;
  o.max_uri_bytes = config.server.max_uri_bytes;
  o.max_header_bytes = config.server.max_header_bytes;
  o.read_timeout = config.server.read_timeout;
  o.write_timeout = config.server.write_timeout;
  o.handler_timeout = config.server.handler_timeout;
  o.shutdown_timeout = config.server.shutdown_timeout;
  auto trusted = http::TrustedProxies::parse(config.server.trusted_proxies);
  // The option is checked when the configuration is read (config_table.cpp); this is a backstop.
  if (!trusted) throw std::runtime_error("PORTAL_SERVER_TRUSTEDPROXIES: " + trusted.error());
  o.trusted_proxies = std::move(*trusted);
  return o;
}

}  // namespace

// The composition root: the platform's concrete adapters, then each feature module in the order
// of what it is built on. A new feature is one more module here and in routes().
struct Application::Parts {
  Platform platform;
  FreshnessModule freshness;
  MailModule mail;
  SettingsModule settings;
  AuditModule audit;
  DirectoryModule directory;
  SignInModule sign_in;
  OnboardingModule onboarding;
  CatalogueModule catalogue;
  AppsModule apps;
  AdminModule admin;
  GatewayModule gateway;
  OpsModule ops;
  std::unique_ptr<WorkerPool> workers;
  std::unique_ptr<http::Dispatcher> dispatcher;
  std::unique_ptr<http::Server> server;

  Parts(Config c, const Overrides& overrides)
      : platform(std::move(c), overrides),
        freshness(platform),
        mail(platform),
        settings(platform, mail),
        audit(platform),
        directory(platform),
        sign_in(platform, directory, settings),
        onboarding(platform, directory, mail, settings),
        catalogue(platform, directory),
        apps(platform, mail, settings, catalogue, directory),
        admin(directory, onboarding),
        gateway(platform),
        ops(platform, mail, settings) {}

  http::Router routes() {
    http::Router router;
    const Routes feature{router, sign_in.api_tokens, sign_in.pages};
    ops.add_routes(router);
    sign_in.add_routes(router);
    mail.add_routes(feature);
    settings.add_routes(feature);
    audit.add_routes(feature);
    directory.add_routes(feature);
    onboarding.add_routes(feature);
    catalogue.add_routes(feature);
    apps.add_routes(feature);
    admin.add_routes(feature);
    gateway.add_routes(router);
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
  auto report = store::migrate(*parts_->platform.database);
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
  p.workers = std::make_unique<WorkerPool>(p.platform.config.server.worker_threads,
                                           p.platform.config.server.worker_queue);
  WorkerPool& workers = *p.workers;
  p.platform.metrics.add_gauge("atrium_worker_queue_depth", "Requests waiting for a worker thread.",
                               [&workers] { return static_cast<double>(workers.queue_depth()); });
  p.platform.metrics.add_gauge("atrium_worker_busy", "Worker threads running a request.",
                               [&workers] { return static_cast<double>(workers.busy()); });
  p.platform.metrics.add_gauge("atrium_worker_queue_capacity", "Requests that may wait before 503.",
                               [&workers] { return static_cast<double>(workers.capacity()); });
  p.dispatcher = std::make_unique<http::Dispatcher>(
      p.routes(), p.platform.metrics,
      http::DispatcherOptions{.max_body_bytes = p.platform.config.server.max_body_bytes,
                              .database = p.platform.database.get(),
                              .error_page = [&pages = p.sign_in.pages](const http::Request& request,
                                                                       const Error& error) {
                                return web::browser_error_page(pages, request, error);
                              }});
  p.freshness.start();
  const http::Dispatcher& dispatcher = *p.dispatcher;
  p.platform.metrics.add_gauge(
      "atrium_http_inline_answers",
      "Requests answered on an I/O thread from memory (cached lists), without a worker.",
      [&dispatcher] { return static_cast<double>(dispatcher.inline_answers()); });
  p.server =
      std::make_unique<http::Server>(server_options(p.platform.config), *p.dispatcher, workers);
  p.server->start();
  if (p.platform.config.public_url.empty()) {
    p.mail.mailer.set_public_url("http://localhost:" + std::to_string(p.server->port()));
  }
  p.ops.start();
  p.gateway.start();
}

std::string Application::link(std::string_view path) const {
  return parts_->mail.mailer.link(path);
}

std::uint16_t Application::port() const {
  return parts_->server ? parts_->server->port() : std::uint16_t{0};
}

void Application::stop() {
  Parts& p = *parts_;
  if (p.server) p.server->stop();
  p.ops.stop();
  p.gateway.stop();
  p.freshness.stop();
  if (p.workers) p.workers->stop();
}

Result<store::SeedReport> Application::seed(store::SeedPlan plan, std::string_view password) {
  migrate();
  ATRIUM_ASSIGN_OR_RETURN(auto hash, parts_->platform.password_hasher.hash(password));
  plan.password_hash = std::move(hash);
  ATRIUM_ASSIGN_OR_RETURN(auto report, store::seed_directory(*parts_->platform.database, plan));
  store::CatalogueSeedPlan catalogue;
  catalogue.large_organisations = plan.large_organisations;
  ATRIUM_ASSIGN_OR_RETURN(auto content,
                          store::seed_catalogue(*parts_->platform.database, catalogue));
  report.catalogues = content.catalogues;
  report.products = content.products;
  report.plans = content.plans;
  ATRIUM_ASSIGN_OR_RETURN(
      auto apps, store::seed_apps(*parts_->platform.database, parts_->platform.token_hasher));
  report.apps = apps.apps;
  report.access_requests = apps.access_requests;
  report.credentials = apps.credentials;
  return report;
}

const Config& Application::config() const { return parts_->platform.config; }
BootstrapService& Application::bootstrap() { return parts_->sign_in.bootstrap; }
ApiTokenService& Application::api_tokens() { return parts_->sign_in.api_tokens; }
Database& Application::database() { return *parts_->platform.database; }
BackgroundJobs& Application::background_jobs() { return parts_->ops.background; }

}  // namespace atrium::app
