#pragma once

#include <nlohmann/json.hpp>

#include "domain/auth/api_tokens.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET /portal-api/configs: the effective non-secret configuration, as Tyk answers it.
void add_config_routes(Router& router, ApiTokenService& tokens, nlohmann::json effective_config);

}  // namespace atrium::http
