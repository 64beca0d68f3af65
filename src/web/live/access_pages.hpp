#pragma once

#include "http/router.hpp"
#include "web/live/app_pages.hpp"

namespace atrium::web {

using AppPageFn = http::Response (*)(const AppPages&, http::Request&, const ActiveSession&);

// A page for signed-in consumers (API Owners are sent to the Admin Portal).
http::Handler consumer_page(const AppPages& c, AppPageFn page);

// The key pages (reveal, rotate, revoke) and the request-access form (see app_pages.hpp).
void add_access_pages(http::Router& router, const AppPages& c);

}  // namespace atrium::web
