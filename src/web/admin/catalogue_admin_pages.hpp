#pragma once

#include "domain/catalogue/catalogue_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// /admin/catalogues (API Owners; DESIGN §9): the catalogues with their visibility, a form to
// create one (Name, VisibilityStatus; field errors shown by name), and delete after a
// confirmation step. Every change goes through CatalogueService, so it is audited.
void add_catalogue_admin_pages(http::Router& router, const AuthPages& pages,
                               CatalogueService& catalogues);

}  // namespace atrium::web
