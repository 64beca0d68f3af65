#pragma once

#include "core/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/api_tokens.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/mail/outbox_service.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "domain/settings/portal_settings.hpp"
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

// What the invitation pages call: the invitations, the organisations (filter and names), the clock
// (expired links).
struct InvitationPages {
  InvitationService& invitations;
  OrganisationService& organisations;
  const Clock& clock;
};

// /admin/invitations: the pending invitations (paged, filtered by organisation) with when the
// link was sent and when it expires; resend (POST …/{id}/resend: a new link, the old one void)
// and revoke after a confirmation step (GET/POST …/{id}/revoke: the invitee is deleted). Through
// InvitationService, as /portal-api/invitations.
void add_invitation_admin_pages(http::Router& router, const AuthPages& pages,
                                const InvitationPages& services);

// /admin/api-tokens: the owner's own admin API tokens: create (the secret shown once, on the
// answer to the POST, never stored or redirected), list, revoke after a confirmation step.
void add_api_token_pages(http::Router& router, const AuthPages& pages, ApiTokenService& tokens);

// /admin/settings: registration, auto-approve, consumer-admin invitations, link lifetimes and
// email (SMTP, From, admin address; fields the configuration fixes shown disabled, the stored
// SMTP password never shown), and POST /admin/settings/test-email, whose flash says whether the
// message went, could not go for want of a relay, or what the relay answered. Through
// SettingsService, as /portal-api/settings.
void add_settings_pages(http::Router& router, const AuthPages& pages, SettingsService& settings);

// /admin/outbox: every email (paged, filtered by status and recipient) with its status, attempts
// and last error; /admin/outbox/{id}: one email, and while no relay is configured its text and
// links (read-only fields with Copy buttons) so that an owner can pass it on. Through
// OutboxService, as /portal-api/outbox.
void add_outbox_pages(http::Router& router, const AuthPages& pages, OutboxService& outbox);

// /admin/audit: the audit log, newest first, paged, filtered by actor (an email address, looked
// up through UserService), action, target and days. Through AuditLogService, as
// /portal-api/audit-events.
void add_audit_pages(http::Router& router, const AuthPages& pages, AuditLogService& audit);

}  // namespace atrium::web
