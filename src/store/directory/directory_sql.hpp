#pragma once

#include "core/result.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "store/soci_headers.hpp"

// What the organisation and team repositories share.
namespace atrium::store {

// kConflict unless `team` exists and belongs to `organisation`.
Status require_team_of(soci::session& session, TeamId team, OrganisationId organisation);

}  // namespace atrium::store
