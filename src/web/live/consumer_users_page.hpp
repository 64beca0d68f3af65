#pragma once

#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// The Live Portal's "Users" (DESIGN §5): the users a signed-in consumer may see (policy:
// users sharing at least one of their teams, themselves included), in pages.
//   GET /portal/private/users?page=&per_page=&search=   HTML, or with Accept: application/json
//       a JSON array (ID, First, Last, Email, Role, Active) with X-Total-Count;
//   GET /portal/private/users/{id}   one of them (HTML or JSON); 404 for a user the consumer may
//       not see, exactly as for one that does not exist.
// API Owners are sent to the Admin Portal. The JSON list is answered from `lists` while the
// directory is unchanged.
void add_consumer_user_pages(http::Router& router, const AuthPages& pages,
                             http::ResponseCache& lists);

}  // namespace atrium::web
