#pragma once

#include "core/result.hpp"
#include "domain/identity/user.hpp"
#include "http/query_params.hpp"
#include "http/request.hpp"

// The filters of the admin user list (GET /portal-api/users) both ways: read from the query, and
// written back for the link to the next page.
namespace atrium::http {

// email, search, organisation_id, team_id, active and role; a 400 naming the parameter for a
// malformed one (collected by `query`, or returned for an unknown role).
Result<UserFilter> read_user_filter(QueryReader& query);

// The query parameters read_user_filter reads back as `filter` (sharing_team_with, set by the
// policy rather than by a client, is left out), in a fixed order.
QueryPairs user_filter_query(const UserFilter& filter);

}  // namespace atrium::http
