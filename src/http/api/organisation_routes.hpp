#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/directory/organisation_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// /portal-api/organisations[/{id}[/teams[/{team_id}]]].
void add_organisation_routes(Router& router, ApiTokenService& tokens,
                             OrganisationService& organisations);

}  // namespace atrium::http
