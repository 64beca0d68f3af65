#pragma once

#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan_service.hpp"
#include "domain/directory/organisation_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// /admin/catalogues (API Owners; DESIGN §9): the catalogues with their visibility, a form to
// create one (Name, VisibilityStatus; field errors shown by name), each catalogue's page with its
// details, its audiences (add an organisation with one team or every team; remove after a
// confirmation step), and delete after a confirmation step. Every change goes through the
// services, so it is audited.
void add_catalogue_admin_pages(http::Router& router, const AuthPages& pages,
                               CatalogueService& catalogues, OrganisationService& organisations);

// /admin/plans: the plans (paged) with their limits in words (as consumers read them);
// /admin/plans/new and /admin/plans/{id}: every field of a plan and the catalogues offering it
// (refusals beside the fields); delete after a confirmation step. Through PlanService.
void add_plan_admin_pages(http::Router& router, const AuthPages& pages, PlanService& plans,
                          CatalogueService& catalogues);

}  // namespace atrium::web
