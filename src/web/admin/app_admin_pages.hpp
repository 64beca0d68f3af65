#pragma once

#include "core/clock.hpp"
#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/gateway/key_usage.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

struct AdminApps {
  const AuthPages& pages;
  AppService& apps;
  AccessRequestService& requests;
  OrganisationService& organisations;  // the filters' choices
  ProductService& products;
  KeyUsageService& usage;  // beside each key
  const Clock& clock;
};

// The Admin Portal's apps and access requests (DESIGN §12), for API Owners:
//   GET  /admin/apps?organisation=&product=&user=&page=   every app, filtered
//   GET  /admin/apps/{id}, GET|POST /admin/apps/{id}/delete  an app; delete after confirmation
//   GET  /admin/access-requests?status=&organisation=&product=   the queue (pending by default)
//   POST /admin/access-requests/{id}/approve
//   GET|POST /admin/access-requests/{id}/reject   with a reason, emailed to the requester
void add_app_admin_pages(http::Router& router, const AdminApps& c);

}  // namespace atrium::web
