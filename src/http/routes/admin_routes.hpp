#pragma once

#include <nlohmann/json.hpp>

#include "domain/auth/api_tokens.hpp"
#include "domain/auth/bootstrap.hpp"
#include "http/router.hpp"

namespace atrium::http {

// POST /portal-api/bootstrap (Tyk's shape; only while no API Owner exists).
void add_bootstrap_routes(Router& router, BootstrapService& bootstrap);

// GET, POST /portal-api/api-tokens; DELETE /portal-api/api-tokens/{id}: an owner's own tokens.
void add_api_token_routes(Router& router, ApiTokenService& tokens);

// GET /portal-api/configs: the effective non-secret configuration, as Tyk answers it.
void add_config_routes(Router& router, ApiTokenService& tokens, nlohmann::json effective_config);

}  // namespace atrium::http
