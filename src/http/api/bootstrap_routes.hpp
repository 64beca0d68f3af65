#pragma once

#include "domain/auth/bootstrap.hpp"
#include "http/router.hpp"

namespace atrium::http {

// POST /portal-api/bootstrap (Tyk's shape; only while no API Owner exists).
void add_bootstrap_routes(Router& router, BootstrapService& bootstrap);

}  // namespace atrium::http
