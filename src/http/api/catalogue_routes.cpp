#include "http/api/catalogue_routes.hpp"

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/catalogue_input.hpp"
#include "http/json/catalogue_json.hpp"
#include "http/json/page_json.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

// The page of a list (Tyk's page / per_page), or the query's error.
Result<PageRequest> page_of(Request& request) {
  QueryReader query(request);
  const PageRequest page = query.page();
  ATRIUM_TRY(query.finish());
  return page;
}

void add_audience_routes(Router& router, ApiTokenService& tokens, CatalogueService& catalogues) {
  router.add("GET", "/portal-api/catalogues/{id}/audiences",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
               ATRIUM_RESPOND_TRY(request, auto page, page_of(request));
               (void)page;  // an audience list is short: Tyk pages it, every entry fits one page
               return respond_all(request, catalogues.audiences(actor, id), audience_index_json);
             }));
  router.add("POST", "/portal-api/catalogues/{id}/audiences",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
               ATRIUM_RESPOND_TRY(request, auto input, read_audience_input(request));
               return respond(request, catalogues.add_audience(actor, id, input),
                              audience_show_json, 201);
             }));
  router.add(
      "GET", "/portal-api/catalogues/{id}/audiences/{audience_id}",
      require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
        ATRIUM_RESPOND_TRY(request, auto audience, id_param(request, "audience", "audience_id"));
        return respond(request, catalogues.get_audience(actor, id, audience), audience_show_json);
      }));
  router.add("DELETE", "/portal-api/catalogues/{id}/audiences/{audience_id}",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
               ATRIUM_RESPOND_TRY(request, auto audience,
                                  id_param(request, "audience", "audience_id"));
               return respond(request, catalogues.remove_audience(actor, id, audience));
             }));
}

}  // namespace

void add_catalogue_routes(Router& router, ApiTokenService& tokens, CatalogueService& catalogues) {
  router.add("GET", "/portal-api/catalogues",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto page, page_of(request));
               return respond_page(request, catalogues.list(actor, page), catalogue_index_json);
             }));
  router.add("POST", "/portal-api/catalogues",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto input, read_catalogue_input(request));
               return respond(request, catalogues.create(actor, input), catalogue_show_json);
             }));
  router.add("GET", "/portal-api/catalogues/{id}",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
               return respond(request, catalogues.get(actor, id), catalogue_show_json);
             }));
  router.add("PUT", "/portal-api/catalogues/{id}",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
               ATRIUM_RESPOND_TRY(request, auto input, read_catalogue_input(request));
               return respond(request, catalogues.update(actor, id, input), catalogue_show_json);
             }));
  router.add("DELETE", "/portal-api/catalogues/{id}",
             require_api_token(tokens, [&catalogues](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "catalogue"));
               return respond(request, catalogues.remove(actor, id));
             }));
  add_audience_routes(router, tokens, catalogues);
}

void add_plan_routes(Router& router, ApiTokenService& tokens, PlanService& plans) {
  router.add("GET", "/portal-api/plans",
             require_api_token(tokens, [&plans](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto page, page_of(request));
               auto list = plans.list(actor, page);
               if (!list) return failure(request, list.error());
               // Tyk's Plan-index wraps the list: {"data": [...]}.
               nlohmann::json data = nlohmann::json::array();
               for (const Plan& plan : list->items) data.push_back(plan_summary_json(plan));
               Response response = Response::json(200, {{"data", std::move(data)}});
               response.set_header("X-Total-Count", std::to_string(list->total));
               return response;
             }));
  router.add("POST", "/portal-api/plans",
             require_api_token(tokens, [&plans](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto input, read_plan_input(request));
               return respond(request, plans.create(actor, input), plan_json);
             }));
  router.add("GET", "/portal-api/plans/{id}",
             require_api_token(tokens, [&plans](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "plan"));
               return respond(request, plans.get(actor, id), plan_json);
             }));
  router.add("PUT", "/portal-api/plans/{id}",
             require_api_token(tokens, [&plans](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "plan"));
               ATRIUM_RESPOND_TRY(request, auto input, read_plan_input(request));
               return respond(request, plans.update(actor, id, input), plan_json);
             }));
  router.add("DELETE", "/portal-api/plans/{id}",
             require_api_token(tokens, [&plans](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "plan"));
               return respond(request, plans.remove(actor, id));
             }));
}

}  // namespace atrium::http
