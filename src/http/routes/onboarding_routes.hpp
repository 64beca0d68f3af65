#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/mail/outbox_service.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "domain/onboarding/onboarding_service.hpp"
#include "domain/settings/portal_settings.hpp"
#include "http/router.hpp"

namespace atrium::http {

struct OnboardingApi {
  ApiTokenService& tokens;
  UserService& users;
  OnboardingService& onboarding;
  InviteCodeService& invite_codes;
  SettingsService& settings;
  OutboxService& outbox;
};

// Beyond Tyk (DESIGN §5): user activation and invitations, registration requests, invite codes,
// settings and the outbox, all under /portal-api with an API token. `api` is copied (its
// references must outlive the router).
void add_onboarding_routes(Router& router, const OnboardingApi& api);

}  // namespace atrium::http
