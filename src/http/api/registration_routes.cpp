#include "http/api/registration_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/json/registration_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

struct Api {
  ApiTokenService& tokens;
  RegistrationService& onboarding;
};

}  // namespace

void add_registration_routes(Router& router, ApiTokenService& tokens,
                             RegistrationService& registrations) {
  const Api api{tokens, registrations};
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
               return respond_page(request, api.onboarding.list_registrations(actor, state, page),
                                   registration_json);
             }));
  for (const bool approve : {true, false}) {
    router.add("POST",
               approve ? "/portal-api/registration-requests/{id}/approve"
                       : "/portal-api/registration-requests/{id}/reject",
               require_api_token(api.tokens, [api, approve](Request& request, const Actor& actor) {
                 auto id = id_param(request, "registration");
                 if (!id) return failure(request, id.error());
                 return respond(request,
                                approve ? api.onboarding.approve_registration(actor, *id)
                                        : api.onboarding.reject_registration(actor, *id),
                                registration_json);
               }));
  }
}

}  // namespace atrium::http
