#pragma once

#include "core/clock.hpp"
#include "domain/auth/api_tokens.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "http/router.hpp"
#include "web/admin/user_pages.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET /admin: the overview (what waits for the owner, and the sections).
void add_admin_home_page(http::Router& router, const AuthPages& pages,
                         const AdminDirectory& directory);

// /admin/organisations: the list (paged) with a create form; /admin/organisations/{id}: rename,
// its teams with a create form, delete after a confirmation step saying where its users go (the
// Default Organisation is never deleted); /admin/organisations/{id}/teams/{team_id}: rename,
// members (add by email, remove), delete after confirming (not the default team). Through
// OrganisationService, as /portal-api/organisations.
void add_organisation_pages(http::Router& router, const AuthPages& pages,
                            const AdminDirectory& directory);

// What the invite code pages call: the codes, the teams to choose from, the link's base.
struct InviteCodePages {
  InviteCodeService& codes;
  OrganisationService& organisations;
  const Mailer& mailer;
  const Clock& clock;
};

// /admin/invite-codes: the codes (paged) with used/quota and status, and the create form (team,
// quota, expiry, active); /admin/invite-codes/{id}: the code with its shareable registration link
// (a read-only field, and a Copy button that static/atrium.js shows), deactivate/activate, delete
// after a confirmation step. Through InviteCodeService, as /portal-api/invite-codes.
void add_invite_code_pages(http::Router& router, const AuthPages& pages,
                           const InviteCodePages& services);

// /admin/api-tokens: the owner's own admin API tokens: create (the secret shown once, on the
// answer to the POST, never stored or redirected), list, revoke after a confirmation step.
void add_api_token_pages(http::Router& router, const AuthPages& pages, ApiTokenService& tokens);

}  // namespace atrium::web
