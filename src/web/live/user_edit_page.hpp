#pragma once

#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// A consumer-admin edits a user they can see (DESIGN §2, §12): GET/POST
// /portal/private/users/{id}/edit, the name, the role (Admin or Team member) and the teams the
// admin belongs to; the user's other teams are shown read-only and kept. Through
// UserService::update, as PUT /portal-api/users/{id}: the policy decides, a crafted form gets
// the same refusal. Saved: back to the user's page with a flash. Refused: the form again, with
// the errors beside the fields and in a summary. Team members, and an admin on their own
// record, get a 403 page (a user out of sight: 404). API Owners are sent to the Admin Portal.
void add_user_edit_page(http::Router& router, const AuthPages& pages);

}  // namespace atrium::web
