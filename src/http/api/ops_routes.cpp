#include "http/api/ops_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/dispatcher.hpp"

namespace atrium::http {

void add_ops_routes(Router& router, ReadinessProbe& readiness, const Metrics& metrics) {
  router.add(
      "GET", "/healthz",
      [](Request&) {
        return Response::json(200, {{"status", "ok"}});
      },
      Execution::kInline);

  // Touches the database, so it runs on a worker like any blocking route.
  router.add("GET", "/readyz", [&readiness](Request& request) {
    const Status status = readiness.check();
    if (!status) {
      Response response = failure(request, status.error());
      response.status = 503;
      return response;
    }
    return Response::json(200, {{"status", "ready"}});
  });

  router.add(
      "GET", "/metrics",
      [&metrics](Request&) {
        return Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
      },
      Execution::kInline);
}

}  // namespace atrium::http
