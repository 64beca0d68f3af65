#pragma once

#include "domain/onboarding/registration_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET /admin/registration-requests and its approve and reject forms (API Owners).
void add_registration_requests_page(http::Router& router, const AuthPages& pages,
                                    RegistrationService& registrations);

}  // namespace atrium::web
