#pragma once

#include "core/clock.hpp"
#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/apps/credential_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/gateway/key_usage.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// What the Live Portal's apps pages are built on.
struct AppPages {
  const AuthPages& pages;
  AppService& apps;
  AccessRequestService& requests;
  CredentialService& credentials;
  KeyUsageService& usage;  // requests today and quota left, beside each key
  ProductService& products;
  http::ResponseCache& lists;
  const Clock& clock;  // a key's state (expired or not)
};

// The Live Portal's "Apps" (DESIGN §10, §12), for signed-in consumers (API Owners are sent to the
// Admin Portal). Every rule is the policy's: an app the viewer may not see is a 404, one they may
// see but not manage shows no actions and refuses them (403).
//   GET  /portal/private/apps             the apps visible to me, with their visibility; with
//                                         Accept: application/json Tyk's Client-index (cached)
//   GET  /portal/private/apps/new, POST /portal/private/apps            create an app
//   GET  /portal/private/apps/{id}        details, access requests, credentials (JSON too)
//   GET  /portal/private/apps/{id}/edit, POST …/{id}/edit               change it
//   GET  /portal/private/apps/{id}/delete (confirm), POST …/{id}/delete delete it
//   POST /portal/private/apps/{id}/credentials/{cid}/reveal|rotate      the key, shown once
//   GET|POST /portal/private/apps/{id}/credentials/{cid}/revoke         confirm, then revoke
//   GET|POST /portal/catalogue-products/{path}/request-access           the request-access form
void add_app_pages(http::Router& router, const AppPages& app_pages);

}  // namespace atrium::web
