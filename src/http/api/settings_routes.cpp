#include "http/api/settings_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/json/settings_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

struct Api {
  ApiTokenService& tokens;
  SettingsService& settings;
};

Result<SettingsInput> read_settings(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
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
}  // namespace

void add_settings_routes(Router& router, ApiTokenService& tokens, SettingsService& settings) {
  const Api api{tokens, settings};
  router.add("GET", "/portal-api/settings",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               return respond(request, api.settings.get(actor), settings_json);
             }));
  router.add("PUT", "/portal-api/settings",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto input = read_settings(request);
               if (!input) return failure(request, input.error());
               return respond(request, api.settings.update(actor, *input), settings_json);
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

}  // namespace atrium::http
