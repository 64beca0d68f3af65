#include "http/api/app_routes.hpp"

#include <string>

#include "http/admin_auth.hpp"
#include "http/api/api_support.hpp"
#include "http/dispatcher.hpp"
#include "http/json/app_input.hpp"
#include "http/json/app_json.hpp"
#include "http/json/custom_credential_json.hpp"
#include "http/json/key_usage_json.hpp"
#include "http/json/page_json.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

constexpr long long kAllPagesCap = 10'000;  // ?p=-2 ("all"): at most this many apps

Result<PageRequest> page_of(Request& request) {
  QueryReader query(request);
  const PageRequest page = query.page();
  ATRIUM_TRY(query.finish());
  return page;
}

// GET /apps: Tyk's client asks for everything with ?p=-2; up to kAllPagesCap apps, X-Total-Count
// telling the whole number.
Result<PageOf<App>> list_apps(AppService& apps, Request& request, const Actor& actor) {
  if (request.query_param("p") != std::optional<std::string_view>("-2")) {
    ATRIUM_ASSIGN_OR_RETURN(auto page, page_of(request));
    return apps.list(actor, AppFilter{}, page);
  }
  PageOf<App> all;
  for (long long page = 1;; ++page) {
    ATRIUM_ASSIGN_OR_RETURN(auto part, apps.list(actor, AppFilter{}, {page, kMaxPerPage}));
    all.total = part.total;
    for (App& app : part.items) all.items.push_back(std::move(app));
    const auto seen = static_cast<long long>(all.items.size());
    if (part.items.empty() || seen >= part.total || seen >= kAllPagesCap) break;
  }
  return all;
}

struct CredentialPath {
  AppId app = 0;
  AccessRequestId request = 0;
  CredentialId credential = 0;
};

Result<CredentialPath> credential_path(const Request& request) {
  CredentialPath path;
  ATRIUM_ASSIGN_OR_RETURN(path.app, id_param(request, "app"));
  ATRIUM_ASSIGN_OR_RETURN(path.request, id_param(request, "access_request", "access_request_id"));
  ATRIUM_ASSIGN_OR_RETURN(path.credential, id_param(request, "credential", "credential_id"));
  return path;
}

void add_app_crud(Router& router, ApiTokenService& tokens, AppService& apps, const Clock& clock) {
  const auto show = [&clock](const AppView& view) { return app_show_json(view, clock.now()); };
  router.add("GET", "/portal-api/apps",
             require_api_token(tokens, [&apps, show](Request& request, const Actor& actor) {
               return respond_page(request, list_apps(apps, request, actor), app_index_json);
             }));
  router.add("POST", "/portal-api/apps",
             require_api_token(tokens, [&apps, show](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto input, read_app_input(request));
               return respond(request, apps.create(actor, input), show);
             }));
  router.add("GET", "/portal-api/apps/{id}",
             require_api_token(tokens, [&apps, show](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               return respond(request, apps.get(actor, id), show);
             }));
  router.add("PUT", "/portal-api/apps/{id}",
             require_api_token(tokens, [&apps, show](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto input, read_app_input(request));
               return respond(request, apps.update(actor, id, input), show);
             }));
  router.add("DELETE", "/portal-api/apps/{id}",
             require_api_token(tokens, [&apps, show](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               return respond(request, apps.remove(actor, id));
             }));
}

void add_app_access_requests(Router& router, ApiTokenService& tokens,
                             AccessRequestService& requests, const Clock& clock) {
  const auto show = [&clock](const AccessRequestView& view) {
    return access_request_show_json(view, clock.now());
  };
  router.add("PUT", "/portal-api/apps/{id}/provision",
             require_api_token(tokens, [&requests, &clock](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto input, read_access_input(request));
               ATRIUM_RESPOND_TRY(request, auto outcome, requests.request(actor, id, input));
               return Response::json(200,
                                     access_outcome_json(outcome.view,
                                                         outcome.view.request.provision_immediately
                                                             ? "access request approved"
                                                             : "access request created",
                                                         clock.now()));
             }));
  router.add("GET", "/portal-api/apps/{id}/access-requests",
             require_api_token(tokens, [&requests, show](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto page, page_of(request));
               return respond_page(request, requests.list_for_app(actor, id, page), show);
             }));
  router.add("GET", "/portal-api/apps/{id}/access-requests/{access_request_id}",
             require_api_token(tokens, [&requests, show](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto ar,
                                  id_param(request, "access_request", "access_request_id"));
               return respond(request, requests.get_for_app(actor, id, ar), show);
             }));
  router.add("DELETE", "/portal-api/apps/{id}/access-requests/{access_request_id}",
             require_api_token(tokens, [&requests](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto ar,
                                  id_param(request, "access_request", "access_request_id"));
               return respond(request, requests.remove_for_app(actor, id, ar));
             }));
}

// One credential, with what it has used ("Usage", our extension: docs/gateway.md).
Response credential_with_usage(const Request& request, const Result<Credential>& credential,
                               KeyUsageService& usage, TimePoint now) {
  if (!credential) return failure(request, credential.error());
  auto used = usage.usage({*credential});
  if (!used) return failure(request, used.error());
  nlohmann::json out = credential_json(*credential, now);
  if (const auto found = used->find(credential->id); found != used->end()) {
    out["Usage"] = key_usage_json(found->second);
  }
  return Response::json(200, out);
}

void add_credential_routes(Router& router, ApiTokenService& tokens, CredentialService& credentials,
                           KeyUsageService& usage, const Clock& clock) {
  const auto to_json = [&clock](const Credential& c) { return credential_json(c, clock.now()); };
  const std::string base = "/portal-api/apps/{id}/access-requests/{access_request_id}/credentials";
  router.add(
      "GET", base,
      require_api_token(tokens, [&credentials, to_json](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto app, id_param(request, "app"));
        ATRIUM_RESPOND_TRY(request, auto ar,
                           id_param(request, "access_request", "access_request_id"));
        return respond_all(request, credentials.list(actor, app, ar), to_json);
      }));
  router.add("GET", base + "/{credential_id}",
             require_api_token(
                 tokens, [&credentials, &usage, &clock](Request& request, const Actor& actor) {
                   ATRIUM_RESPOND_TRY(request, auto path, credential_path(request));
                   return credential_with_usage(
                       request, credentials.get(actor, path.app, path.request, path.credential),
                       usage, clock.now());
                 }));
  router.add("DELETE", base + "/{credential_id}",
             require_api_token(tokens, [&credentials](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto path, credential_path(request));
               return respond(request,
                              credentials.remove(actor, path.app, path.request, path.credential));
             }));
  router.add(
      "PUT", base + "/{credential_id}/rotate",
      require_api_token(tokens, [&credentials, to_json](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto path, credential_path(request));
        ATRIUM_RESPOND_TRY(request, auto rotated,
                           credentials.rotate(actor, path.app, path.request, path.credential));
        return Response::json(200,
                              {{"status", "ok"},
                               {"message",
                                "the old key has ended; the app's managers see the new key once on "
                                "the app's page"},
                               {"Credential", to_json(rotated.credential)}});
      }));
}

void add_custom_credential_routes(Router& router, ApiTokenService& tokens,
                                  CustomCredentialService& custom) {
  const std::string base = "/portal-api/apps/{id}/custom_credentials";
  router.add("GET", base,
             require_api_token(tokens, [&custom](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto app, id_param(request, "app"));
               return respond_all(request, custom.list(actor, app), custom_credential_json);
             }));
  router.add(
      "POST", base, require_api_token(tokens, [&custom](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto app, id_param(request, "app"));
        ATRIUM_RESPOND_TRY(request, auto input, read_custom_credential_input(request));
        return respond(request, custom.create(actor, app, input), custom_credential_json, 201);
      }));
  router.add("GET", base + "/{credential_id}",
             require_api_token(tokens, [&custom](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto app, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto id,
                                  id_param(request, "credential", "credential_id"));
               return respond(request, custom.get(actor, app, id), custom_credential_json);
             }));
  router.add(
      "PUT", base + "/{credential_id}",
      require_api_token(tokens, [&custom](Request& request, const Actor& actor) {
        ATRIUM_RESPOND_TRY(request, auto app, id_param(request, "app"));
        ATRIUM_RESPOND_TRY(request, auto id, id_param(request, "credential", "credential_id"));
        ATRIUM_RESPOND_TRY(request, auto alias, read_custom_credential_alias(request));
        return respond(request, custom.update(actor, app, id, alias), custom_credential_json);
      }));
  router.add("DELETE", base + "/{credential_id}",
             require_api_token(tokens, [&custom](Request& request, const Actor& actor) {
               ATRIUM_RESPOND_TRY(request, auto app, id_param(request, "app"));
               ATRIUM_RESPOND_TRY(request, auto id,
                                  id_param(request, "credential", "credential_id"));
               auto removed = custom.remove(actor, app, id);
               if (!removed) return failure(request, removed.error());
               return Response::json(200, {{"status", "ok"}, {"message", "credential deleted"}});
             }));
}

}  // namespace

void add_app_routes(Router& router, ApiTokenService& tokens, const AppServices& services) {
  add_app_crud(router, tokens, services.apps, services.clock);
  add_app_access_requests(router, tokens, services.requests, services.clock);
  add_credential_routes(router, tokens, services.credentials, services.usage, services.clock);
  add_custom_credential_routes(router, tokens, services.custom);
}

}  // namespace atrium::http
