#pragma once

#include "core/metrics.hpp"
#include "domain/storage.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET /healthz (process alive), /readyz (database reachable and migrated), /metrics (Prometheus).
void add_ops_routes(Router& router, ReadinessProbe& readiness, const Metrics& metrics);

}  // namespace atrium::http
