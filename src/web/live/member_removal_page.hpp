#pragma once

#include "domain/directory/organisation_removal.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// GET  /portal/private/users/{id}/remove  the confirmation step (consumer-admins: a user they
//      can see; the policy decides, so anyone else gets 403 or 404 as for any other action)
// POST /portal/private/users/{id}/remove  the user moves to the Default Organisation and their
//      apps pass to the admin who removed them
void add_member_removal_page(http::Router& router, const AuthPages& pages,
                             OrganisationRemoval& removal);

}  // namespace atrium::web
