#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/settings/portal_settings.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET, PUT /portal-api/settings and POST /portal-api/settings/email/test.
void add_settings_routes(Router& router, ApiTokenService& tokens, SettingsService& settings);

}  // namespace atrium::http
