#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// /portal-api/catalogues[/{id}[/audiences[/{audience_id}]]] and /portal-api/plans[/{id}].
void add_catalogue_routes(Router& router, ApiTokenService& tokens, CatalogueService& catalogues);
void add_plan_routes(Router& router, ApiTokenService& tokens, PlanService& plans);

}  // namespace atrium::http
