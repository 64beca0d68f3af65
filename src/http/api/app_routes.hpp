#pragma once

#include "core/clock.hpp"
#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/apps/credential_service.hpp"
#include "domain/apps/custom_credential_service.hpp"
#include "domain/auth/api_tokens.hpp"
#include "domain/gateway/key_usage.hpp"
#include "http/router.hpp"

namespace atrium::http {

// The services behind the apps area's admin API.
struct AppServices {
  AppService& apps;
  AccessRequestService& requests;
  CredentialService& credentials;
  CustomCredentialService& custom;
  KeyUsageService& usage;  // a credential's "Usage" (our extension)
  const Clock& clock;      // a credential's State (expired or not) is as at its now()
};

// /portal-api/apps and everything under it (Tyk's 18 operations).
void add_app_routes(Router& router, ApiTokenService& tokens, const AppServices& services);
// /portal-api/access_requests (Tyk's 5 operations).
void add_access_request_routes(Router& router, ApiTokenService& tokens,
                               AccessRequestService& requests, const Clock& clock);

}  // namespace atrium::http
