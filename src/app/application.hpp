#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "app/platform.hpp"
#include "core/clock.hpp"
#include "domain/auth/api_tokens.hpp"
#include "domain/auth/bootstrap.hpp"
#include "domain/identity/password_hasher.hpp"
#include "domain/storage.hpp"
#include "store/bulk_seed.hpp"

namespace atrium::app {

class BackgroundJobs;

// The composition root: the only place that names concrete adapters (SOCI store, libsodium
// crypto, RESTinio server) and wires them into the domain services and HTTP routes.
class Application {
 public:
  // Opens the database and builds the services; throws std::runtime_error at start-up failures.
  // Does not migrate: call migrate() (serve does it first).
  explicit Application(Config config, Overrides overrides = {});
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Applies pending migrations; returns how many were applied. Throws on failure.
  int migrate();

  // Migrates, then starts the HTTP server (throws when it cannot listen).
  void start();
  std::uint16_t port() const;
  // An absolute link to `path` as emailed links write it (PORTAL_PUBLIC_URL, or
  // http://localhost:<port> once started), so that what the console prints and what mail
  // carries are one address and one cookie jar.
  std::string link(std::string_view path) const;
  // Graceful stop: stop accepting, finish requests in flight, stop workers.
  void stop();

  // Migrates, then fills the database with a synthetic directory whose users all have
  // `password` (hashed once with the configured Argon2id parameters). For benchmarks.
  Result<store::SeedReport> seed(store::SeedPlan plan, std::string_view password);

  const Config& config() const;
  BootstrapService& bootstrap();
  ApiTokenService& api_tokens();
  Database& database();
  // For tests: run_once() gives a finished background pass on the caller's thread.
  BackgroundJobs& background_jobs();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace atrium::app
