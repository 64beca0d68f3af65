#include "http/routes/onboarding_routes.hpp"

#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json_body.hpp"
#include "http/json_views.hpp"
#include "http/query_params.hpp"

namespace atrium::http {

namespace {

nlohmann::json optional_time(const std::optional<TimePoint>& time) {
  return time ? nlohmann::json(format_rfc3339(*time)) : nlohmann::json(nullptr);
}

nlohmann::json optional_id(const std::optional<long long>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

nlohmann::json invitation_json(const InvitationView& view) {
  return {{"ID", view.invitation.id},
          {"UserID", view.user.id},
          {"Email", view.user.email},
          {"First", view.user.first},
          {"Last", view.user.last},
          {"Role", to_string(view.user.role)},
          {"OrganisationID", optional_id(view.user.organisation_id)},
          {"InvitedBy", optional_id(view.invitation.invited_by)},
          {"CreatedAt", format_rfc3339(view.invitation.created_at)},
          {"SentAt", format_rfc3339(view.invitation.sent_at)},
          {"ExpiresAt", format_rfc3339(view.invitation.expires_at)},
          {"AcceptedAt", optional_time(view.invitation.accepted_at)}};
}

nlohmann::json registration_json(const RegistrationView& view) {
  return {{"ID", view.registration.id},
          {"UserID", view.user.id},
          {"Email", view.user.email},
          {"First", view.user.first},
          {"Last", view.user.last},
          {"OrganisationID", optional_id(view.user.organisation_id)},
          {"State", to_string(view.registration.state)},
          {"InviteCodeID", optional_id(view.registration.invite_code_id)},
          {"CreatedAt", format_rfc3339(view.registration.created_at)},
          {"ConfirmedAt", optional_time(view.registration.confirmed_at)},
          {"DecidedAt", optional_time(view.registration.decided_at)},
          {"DecidedBy", optional_id(view.registration.decided_by)}};
}

nlohmann::json invite_code_json(const InviteCode& code) {
  return {{"ID", code.id},
          {"CID", code.cid},
          {"Code", code.code},
          {"Quota", code.quota},
          {"Used", code.used},
          {"Expires", optional_time(code.expires_at)},
          {"Active", code.active},
          {"TeamID", code.team_id},
          {"OrganisationID", code.organisation_id},
          {"CreatedAt", format_rfc3339(code.created_at)},
          {"UpdatedAt", format_rfc3339(code.updated_at)}};
}

nlohmann::json outbox_json(const OutboxMessage& m) {
  return {{"ID", m.id},
          {"Kind", m.kind},
          {"To", m.recipient},
          {"Subject", m.subject},
          {"Text", m.text_body},
          {"HTML", m.html_body},
          {"Status", to_string(m.status)},
          {"Attempts", m.attempts},
          {"LastError", m.last_error},
          {"CreatedAt", format_rfc3339(m.created_at)},
          {"NextAttemptAt", format_rfc3339(m.next_attempt_at)},
          {"SentAt", optional_time(m.sent_at)}};
}

// Never the SMTP password: only whether one is set.
nlohmann::json settings_json(const SettingsView& view) {
  const PortalSettings& s = view.settings;
  return {{"RegistrationAllow", s.registration_allow},
          {"RegistrationAutoApprove", s.registration_auto_approve},
          {"ConsumerAdminInvitesAllow", s.consumer_admin_invites_allow},
          {"InvitationLifetimeHours", s.invitation_lifetime_hours},
          {"ConfirmationLifetimeHours", s.confirmation_lifetime_hours},
          {"PasswordResetLifetimeMinutes", s.reset_lifetime_minutes},
          {"EmailSMTPHost", s.smtp.host},
          {"EmailSMTPPort", s.smtp.port},
          {"EmailSMTPTLS", to_string(s.smtp.tls)},
          {"EmailSMTPUser", s.smtp.username},
          {"EmailSMTPPassSet", view.smtp_password_set},
          {"EmailDefaultFrom", s.email_from},
          {"EmailAdmin", s.email_admin},
          {"FromEnvironment", view.from_environment}};
}

Result<long long> id_param(const Request& request, std::string_view what) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) {
    return fail(not_found(std::string(what) + ".not_found", std::string(what) + " not found"));
  }
  return id;
}

// An RFC 3339 time, or null / "" for "never".
std::optional<std::optional<TimePoint>> read_expires(ObjectReader& reader) {
  const nlohmann::json* raw = reader.optional_raw("Expires");
  if (raw == nullptr) {
    return reader.has("Expires") ? std::optional<std::optional<TimePoint>>(std::nullopt)
                                 : std::nullopt;
  }
  if (raw->is_string()) {
    const std::string text = raw->get<std::string>();
    if (text.empty()) return std::optional<std::optional<TimePoint>>(std::nullopt);
    if (auto time = parse_rfc3339(text)) return std::optional<std::optional<TimePoint>>(*time);
  }
  reader.add_field_error("Expires", "must be an RFC 3339 time such as 2027-01-31T12:00:00Z");
  return std::nullopt;
}

Result<InviteCodeInput> read_invite_code(const Request& request) {
  auto body = parse_json_object(request);
  if (!body) return fail(std::move(body).error());
  ObjectReader reader(*body);
  InviteCodeInput in;
  in.quota = reader.optional_int("Quota");
  in.active = reader.optional_bool("Active");
  in.team_id = reader.optional_int("TeamID");
  in.organisation_id = reader.optional_int("OrganisationID");
  in.expires = read_expires(reader);
  for (const char* key : {"ID", "CID", "Code", "Used", "CreatedAt", "UpdatedAt"})
    reader.ignore(key);
  ATRIUM_TRY(reader.finish());
  return in;
}

Result<SettingsInput> read_settings(const Request& request) {
  auto body = parse_json_object(request);
  if (!body) return fail(std::move(body).error());
  ObjectReader reader(*body);
  SettingsInput in;
  in.registration_allow = reader.optional_bool("RegistrationAllow");
  in.registration_auto_approve = reader.optional_bool("RegistrationAutoApprove");
  in.consumer_admin_invites_allow = reader.optional_bool("ConsumerAdminInvitesAllow");
  in.invitation_lifetime_hours = reader.optional_int("InvitationLifetimeHours");
  in.confirmation_lifetime_hours = reader.optional_int("ConfirmationLifetimeHours");
  in.reset_lifetime_minutes = reader.optional_int("PasswordResetLifetimeMinutes");
  in.smtp_host = reader.optional_string("EmailSMTPHost");
  in.smtp_port = reader.optional_int("EmailSMTPPort");
  in.smtp_tls = reader.optional_string("EmailSMTPTLS");
  in.smtp_user = reader.optional_string("EmailSMTPUser");
  in.smtp_password = reader.optional_string("EmailSMTPPass");
  in.email_from = reader.optional_string("EmailDefaultFrom");
  in.email_admin = reader.optional_string("EmailAdmin");
  for (const char* key : {"EmailSMTPPassSet", "FromEnvironment"}) reader.ignore(key);
  ATRIUM_TRY(reader.finish());
  return in;
}

void add_user_activation(Router& router, const OnboardingApi& api) {
  for (const bool active : {true, false}) {
    router.add("POST",
               active ? "/portal-api/users/{id}/activate" : "/portal-api/users/{id}/deactivate",
               require_api_token(api.tokens, [api, active](Request& request, const Actor& actor) {
                 auto user = api.users.set_active(actor, request.param("id"), active);
                 if (!user) return failure(request, user.error());
                 return Response::json(200, user_show_json(*user));
               }));
  }
  router.add("POST", "/portal-api/users/{id}/invite",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto sent = api.onboarding.send_registration_link(actor, request.param("id"));
               if (!sent) return failure(request, sent.error());
               return Response::json(200, invitation_json(*sent));
             }));
}

void add_invitations(Router& router, const OnboardingApi& api) {
  router.add("GET", "/portal-api/invitations",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               if (auto status = query.finish(); !status) return failure(request, status.error());
               auto list = api.onboarding.list_invitations(actor, page);
               if (!list) return failure(request, list.error());
               return page_response(*list, invitation_json);
             }));
  router.add("POST", "/portal-api/invitations/{id}/resend",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto id = id_param(request, "invitation");
               if (!id) return failure(request, id.error());
               auto sent = api.onboarding.resend_invitation(actor, *id);
               if (!sent) return failure(request, sent.error());
               return Response::json(200, invitation_json(*sent));
             }));
  router.add("DELETE", "/portal-api/invitations/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto id = id_param(request, "invitation");
               if (!id) return failure(request, id.error());
               if (auto status = api.onboarding.revoke_invitation(actor, *id); !status) {
                 return failure(request, status.error());
               }
               return status_ok();
             }));
}

void add_registration_requests(Router& router, const OnboardingApi& api) {
  router.add("GET", "/portal-api/registration-requests",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               std::optional<RegistrationState> state = RegistrationState::kPending;
               if (auto text = query.text("state", 20)) {
                 state = parse_registration_state(*text);
                 if (*text == "all") {
                   state.reset();
                 } else if (!state) {
                   return failure(request, field_error("state",
                                                       "must be unconfirmed, pending, approved, "
                                                       "rejected or all"));
                 }
               }
               if (auto status = query.finish(); !status) return failure(request, status.error());
               auto list = api.onboarding.list_registrations(actor, state, page);
               if (!list) return failure(request, list.error());
               return page_response(*list, registration_json);
             }));
  for (const bool approve : {true, false}) {
    router.add("POST",
               approve ? "/portal-api/registration-requests/{id}/approve"
                       : "/portal-api/registration-requests/{id}/reject",
               require_api_token(api.tokens, [api, approve](Request& request, const Actor& actor) {
                 auto id = id_param(request, "registration");
                 if (!id) return failure(request, id.error());
                 auto decided = approve ? api.onboarding.approve_registration(actor, *id)
                                        : api.onboarding.reject_registration(actor, *id);
                 if (!decided) return failure(request, decided.error());
                 return Response::json(200, registration_json(*decided));
               }));
  }
}

void add_invite_codes(Router& router, const OnboardingApi& api) {
  router.add("GET", "/portal-api/invite-codes",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               if (auto status = query.finish(); !status) return failure(request, status.error());
               auto list = api.invite_codes.list(actor, page);
               if (!list) return failure(request, list.error());
               return page_response(*list, invite_code_json);
             }));
  router.add("POST", "/portal-api/invite-codes",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto input = read_invite_code(request);
               if (!input) return failure(request, input.error());
               auto created = api.invite_codes.create(actor, *input);
               if (!created) return failure(request, created.error());
               return Response::json(200, invite_code_json(*created));  // as Tyk's creates
             }));
  router.add("GET", "/portal-api/invite-codes/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto code = api.invite_codes.get(actor, request.param("id"));
               if (!code) return failure(request, code.error());
               return Response::json(200, invite_code_json(*code));
             }));
  router.add("PUT", "/portal-api/invite-codes/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto input = read_invite_code(request);
               if (!input) return failure(request, input.error());
               auto updated = api.invite_codes.update(actor, request.param("id"), *input);
               if (!updated) return failure(request, updated.error());
               return Response::json(200, invite_code_json(*updated));
             }));
  router.add("DELETE", "/portal-api/invite-codes/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               if (auto status = api.invite_codes.remove(actor, request.param("id")); !status) {
                 return failure(request, status.error());
               }
               return status_ok();
             }));
}

void add_settings(Router& router, const OnboardingApi& api) {
  router.add("GET", "/portal-api/settings",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto view = api.settings.get(actor);
               if (!view) return failure(request, view.error());
               return Response::json(200, settings_json(*view));
             }));
  router.add("PUT", "/portal-api/settings",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto input = read_settings(request);
               if (!input) return failure(request, input.error());
               auto view = api.settings.update(actor, *input);
               if (!view) return failure(request, view.error());
               return Response::json(200, settings_json(*view));
             }));
  router.add("POST", "/portal-api/settings/email/test",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               std::optional<std::string> to;
               if (!request.body.empty()) {
                 auto body = parse_json_object(request);
                 if (!body) return failure(request, body.error());
                 ObjectReader reader(*body);
                 to = reader.optional_string("To");
                 if (auto status = reader.finish(); !status) {
                   return failure(request, status.error());
                 }
               }
               auto result = api.settings.send_test(actor, to);
               if (!result) return failure(request, result.error());
               nlohmann::json out = {{"Sent", result->sent}, {"To", result->recipient}};
               if (!result->sent) {
                 out["ErrorID"] = result->error_id;
                 out["Error"] = result->error;
               }
               // The request was fine; the relay's answer is in the body.
               return Response::json(200, out);
             }));
}

void add_outbox(Router& router, const OnboardingApi& api) {
  router.add("GET", "/portal-api/outbox",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               OutboxFilter filter;
               if (auto status = query.text("status", 20)) {
                 filter.status = parse_outbox_status(*status);
                 if (!filter.status) {
                   return failure(request, field_error("status",
                                                       "must be queued, sent, failed "
                                                       "or abandoned"));
                 }
               }
               filter.recipient = query.text("to");
               if (auto status = query.finish(); !status) return failure(request, status.error());
               auto list = api.outbox.list(actor, filter, page);
               if (!list) return failure(request, list.error());
               return page_response(*list, outbox_json);
             }));
  router.add("GET", "/portal-api/outbox/{id}",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto id = id_param(request, "outbox");
               if (!id) return failure(request, id.error());
               auto message = api.outbox.get(actor, *id);
               if (!message) return failure(request, message.error());
               return Response::json(200, outbox_json(*message));
             }));
}

}  // namespace

void add_onboarding_routes(Router& router, const OnboardingApi& api) {
  add_user_activation(router, api);
  add_invitations(router, api);
  add_registration_requests(router, api);
  add_invite_codes(router, api);
  add_settings(router, api);
  add_outbox(router, api);
}

}  // namespace atrium::http
