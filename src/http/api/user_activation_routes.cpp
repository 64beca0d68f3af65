#include "http/api/user_activation_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/invitation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

struct Api {
  ApiTokenService& tokens;
  UserService& users;
  InvitationService& onboarding;
};

}  // namespace

void add_user_activation_routes(Router& router, ApiTokenService& tokens, UserService& users,
                                InvitationService& invitations) {
  const Api api{tokens, users, invitations};
  for (const bool active : {true, false}) {
    router.add("POST",
               active ? "/portal-api/users/{id}/activate" : "/portal-api/users/{id}/deactivate",
               require_api_token(api.tokens, [api, active](Request& request, const Actor& actor) {
                 return respond(request, api.users.set_active(actor, request.param("id"), active),
                                user_show_json);
               }));
  }
  router.add("POST", "/portal-api/users/{id}/invite",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               return respond(request,
                              api.onboarding.send_registration_link(actor, request.param("id")),
                              invitation_json);
             }));
}

}  // namespace atrium::http
