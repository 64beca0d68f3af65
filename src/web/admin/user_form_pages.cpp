// The Admin Portal's user create and edit forms, through UserService (as POST and PUT
// /portal-api/users do).
#include <nlohmann/json.hpp>
#include <string>

#include "domain/directory/names.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/directory_options.hpp"
#include "web/admin/user_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/user_form.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kUsersPath = "/admin/users";
constexpr std::string_view kNewUserPath = "/admin/users/new";

struct Ctx {
  const AuthPages& pages;
  AdminDirectory dir;
};

std::string user_path(UserId id) { return record_path(kUsersPath, id); }

bool checked(const Form& form, std::string_view name) { return form_value(form, name) == "on"; }

// Whether a refusal is the form's to show (beside its fields) rather than an error page.
bool for_the_form(const Error& e) {
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kConflict ||
         (e.code == ErrorCode::kForbidden && !e.fields.empty());
}

// A refusal that names a field by the API's name where the form has another input.
Error as_form_error(Error e) {
  if (e.id == "user.email_taken" && e.fields.empty()) e.fields = {{"Email", e.message}};
  return e;
}

// ---- Create ---------------------------------------------------------------------------------

// The organisation the create form is for: ?organisation= (GET) or OrganisationID (POST), else
// the first one listed (the Default Organisation comes first).
std::string chosen_organisation(const Ctx& c, const Actor& actor, std::string chosen) {
  if (!chosen.empty()) return chosen;
  auto orgs = c.dir.organisations.list(actor, {1, 1});
  return orgs && !orgs->items.empty() ? std::to_string(orgs->items.front().id) : std::string();
}

http::Response new_user_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                             int status, const Form* form, const Error* error) {
  const Actor actor = actor_of(session, request);
  const std::string organisation =
      chosen_organisation(c, actor,
                          form ? form_value(*form, "OrganisationID")
                               : std::string(request.query_param("organisation").value_or("")));
  auto teams = c.dir.organisations.list_teams(actor, organisation);
  if (!teams && teams.error().code != ErrorCode::kNotFound) {
    return error_page(c.pages, request, teams.error(), &session);
  }
  // The form's choices: every role the owner may grant, every team of the organisation.
  UserEditChoices choices;
  choices.view.user.role = Role::kConsumerAdmin;  // DESIGN §3 flow 1's default
  choices.roles = UserService::grantable_roles(actor);
  if (teams) choices.changeable_teams = std::move(*teams);
  nlohmann::json view =
      admin_view(c.pages, session, "New user", "users", {{"Users", std::string(kUsersPath)}});
  view.update(user_form_view(choices, form));
  view["Email_value"] = form ? form_value(*form, "Email") : std::string();
  view["organisations"] = organisation_options(c.dir.organisations, actor, organisation);
  view["organisation_id"] = organisation;
  view["organisation_name"] = "organisation";
  view["organisation_hint"] =
      "Choose it first to see its teams. API Owners belong to none: it is ignored for them.";
  view["teams_hint"] = "None ticked: the organisation's default team. Ignored for API Owners.";
  view["password_chosen"] = form && form_value(*form, "SignIn") == "password";
  view["reset_checked"] = form && checked(*form, "ResetPassword");
  view["active_checked"] = !form || checked(*form, "Active");
  if (error != nullptr) {
    add_error_to_form(view, *error);
  } else if (!teams) {
    add_error_to_form(view, field_error("OrganisationID", "no such organisation"));
  }
  return html_page(status, c.pages.renderer.render("admin_user_new", view));
}

UserInput create_input(const Form& form) {
  UserInput in = user_form_input(form, UserEditChoices{});
  in.email = form_value(form, "Email");
  const auto role = parse_role(form_value(form, "Role"));
  if (!role || !is_api_owner(*role)) {
    long long org = 0;
    if (parse_numeric_id(form_value(form, "OrganisationID"), org)) in.organisation_id = org;
  } else {
    in.teams.reset();  // API Owners are in no organisation and no team
  }
  // An invitee is inactive until they set their password (accepting the invitation activates).
  in.active = false;
  if (form_value(form, "SignIn") == "password") {
    in.password = form_value(form, "Password");
    in.reset_password = checked(form, "ResetPassword");
    in.active = checked(form, "Active");
  }
  return in;
}

http::Response create_user(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto created = c.dir.users.create(actor_of(session, request), create_input(form));
  if (!created) {
    const Error e = as_form_error(created.error());
    if (!for_the_form(e)) return error_page(c.pages, request, e, &session);
    return new_user_page(c, request, session, http::http_status(e.code), &form, &e);
  }
  const User& u = created->user;
  std::string flash = "Created " + full_name(u) + ".";
  if (!u.has_password) flash += " Invitation created. " + email_note(c.pages, session, u.email);
  return redirect_with_flash(c.pages, session, user_path(u.id), flash);
}

// ---- Edit -----------------------------------------------------------------------------------

http::Response edit_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                         int status, const Form* form, const Error* error) {
  const Actor actor = actor_of(session, request);
  auto choices = c.dir.users.edit_choices(actor, request.param("id"));
  if (!choices) return error_page(c.pages, request, choices.error(), &session);
  const UserView& v = choices->view;
  if (!choices->may_edit) {
    return message_page(c.pages, 403, "You cannot edit this user",
                        "Only a super-admin changes a super-admin.", &session);
  }
  nlohmann::json view =
      admin_view(c.pages, session, "Edit " + full_name(v.user), "users",
                 {{"Users", std::string(kUsersPath)}, {full_name(v.user), user_path(v.user.id)}});
  view.update(user_form_view(*choices, form));
  view["Email_value"] = form ? form_value(*form, "Email") : v.user.email;
  view["consumer"] = !is_api_owner(v.user.role);
  if (v.organisation) {
    const std::string current = std::to_string(v.organisation->id);
    view["organisations"] = organisation_options(
        c.dir.organisations, actor, form ? form_value(*form, "OrganisationID") : current,
        &*v.organisation);
    view["organisation_name"] = "OrganisationID";
    view["organisation_hint"] =
        "Moving them to another organisation puts them in its default team (their teams here "
        "are left); choose their teams there afterwards.";
    view["teams_hint"] = "Teams of " + v.organisation->name + "; at least one.";
  }
  view["action"] = user_path(v.user.id) + "/edit";
  view["cancel"] = user_path(v.user.id);
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_user_edit", view));
}

http::Response save_user(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto choices = c.dir.users.edit_choices(actor, request.param("id"));
  if (!choices) return error_page(c.pages, request, choices.error(), &session);
  const Form form = http::parse_query(request.body);
  const UserView& v = choices->view;
  UserInput in = user_form_input(form, *choices);
  in.email = form_value(form, "Email");
  bool moves = false;
  if (is_api_owner(v.user.role)) {
    in.teams.reset();
  } else if (v.organisation) {
    long long org = 0;
    if (parse_numeric_id(form_value(form, "OrganisationID"), org) && org != v.organisation->id) {
      // Teams ticked here are of the old organisation: the move puts them in the new default.
      in.organisation_id = org;
      in.teams.reset();
      moves = true;
    }
  }
  auto updated = c.dir.users.update(actor, std::to_string(v.user.id), in);
  if (!updated) {
    const Error e = as_form_error(updated.error());
    if (!choices->may_edit || !for_the_form(e)) return error_page(c.pages, request, e, &session);
    return edit_page(c, request, session, http::http_status(e.code), &form, &e);
  }
  std::string flash = "Changes to " + full_name(updated->user) + " saved.";
  if (moves && updated->organisation) {
    flash += " They are in the default team of " + updated->organisation->name + " now.";
  }
  return redirect_with_flash(c.pages, session, user_path(v.user.id), flash);
}

}  // namespace

void add_admin_user_form_pages(http::Router& router, const AuthPages& pages,
                               const AdminDirectory& directory) {
  const Ctx c{pages, directory};
  add_owner_page(router, c, "GET", std::string(kNewUserPath),
                 [](const Ctx& ctx, http::Request& r, const ActiveSession& s) {
                   return new_user_page(ctx, r, s, 200, nullptr, nullptr);
                 });
  add_owner_page(router, c, "POST", std::string(kNewUserPath), create_user);
  add_owner_page(router, c, "GET", std::string(kUsersPath) + "/{id}/edit",
                 [](const Ctx& ctx, http::Request& r, const ActiveSession& s) {
                   return edit_page(ctx, r, s, 200, nullptr, nullptr);
                 });
  add_owner_page(router, c, "POST", std::string(kUsersPath) + "/{id}/edit", save_user);
}

}  // namespace atrium::web
