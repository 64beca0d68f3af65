#include "http/api/invitation_routes.hpp"

#include <utility>

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/invitation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

struct Api {
  ApiTokenService& tokens;
  InvitationService& onboarding;
};

}  // namespace

void add_invitation_routes(Router& router, ApiTokenService& tokens,
                           InvitationService& invitations) {
  const Api api{tokens, invitations};
  router.add("GET", "/portal-api/invitations",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               // As for users: the invitee's email, first or last name starts with `search`.
               auto search = query.text("search", 100);
               const auto organisation = query.positive_int("organisation_id");
               if (auto status = query.finish(); !status) return failure(request, status.error());
               return respond_page(
                   request,
                   api.onboarding.list_invitations(actor, page, organisation, std::move(search)),
                   invitation_json);
             }));
  router.add("POST", "/portal-api/invitations/{id}/resend",
             require_api_token(api.tokens, [api](Request& request, const Actor& actor) {
               auto id = id_param(request, "invitation");
               if (!id) return failure(request, id.error());
               return respond(request, api.onboarding.resend_invitation(actor, *id),
                              invitation_json);
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

}  // namespace atrium::http
