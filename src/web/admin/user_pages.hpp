#pragma once

#include "domain/directory/organisation_service.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/registration_service.hpp"
#include "http/router.hpp"
#include "web/live/auth_pages.hpp"

namespace atrium::web {

// What the Admin Portal's directory pages call (domain services only).
struct AdminDirectory {
  UserService& users;
  OrganisationService& organisations;
  InvitationService& invitations;
  RegistrationService& registrations;
};

// /admin/users: the list (search; organisation, team, role and status filters; keyset paging),
// /admin/users/new (create with a password or an invitation), /admin/users/{id} (the record and
// its actions: activate, deactivate, end sessions, resend invitation, delete after a
// confirmation step).
void add_admin_user_pages(http::Router& router, const AuthPages& pages,
                          const AdminDirectory& directory);

// GET/POST /admin/users/new (create: email, names, role, organisation and teams, with a password
// or an invitation, active, reset at first sign-in) and /admin/users/{id}/edit (email, names,
// role, organisation, teams), through UserService as the admin API. Refused: the form again with
// the errors beside the fields; saved: the user's page with a flash. Part of
// add_admin_user_pages.
void add_admin_user_form_pages(http::Router& router, const AuthPages& pages,
                               const AdminDirectory& directory);

}  // namespace atrium::web
