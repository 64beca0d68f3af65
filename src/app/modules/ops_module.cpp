#include "app/modules/ops_module.hpp"

#include "http/api/ops_routes.hpp"

namespace atrium::app {

namespace {

DispatcherOptions dispatcher_options(const OutboxConfig& config) {
  DispatcherOptions o;
  o.retry_base = config.retry_base;
  o.max_attempts = config.max_attempts;
  return o;
}

void add_gauges(Platform& p) {
  store::SociDatabase& db = *p.database;
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
}

}  // namespace

OpsModule::OpsModule(Platform& p, MailModule& mail, SettingsModule& settings)
    : platform(p),
      outbox_dispatcher(*p.database, mail.smtp_sender, settings.settings, p.clock,
                        dispatcher_options(p.config.outbox)),
      background(*p.database, outbox_dispatcher, p.clock, p.config.outbox.poll_interval,
                 p.config.session.idle_timeout) {
  mail.mailer.set_on_queued([this] { background.wake(); });
  add_gauges(p);
}

void OpsModule::add_routes(http::Router& router) {
  http::add_ops_routes(router, *platform.database, platform.metrics);
}

}  // namespace atrium::app
