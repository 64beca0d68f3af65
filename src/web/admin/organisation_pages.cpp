// The Admin Portal's organisations and teams (DESIGN §1, §5): create, rename, delete after a
// confirmation step that says where the users go, and team members, through OrganisationService
// as /portal-api/organisations does.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/directory/names.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kOrganisationsPath = "/admin/organisations";
constexpr long long kPerPage = 20;
constexpr long long kMembersShown = 100;

struct Ctx {
  const AuthPages& pages;
  AdminDirectory dir;
};

std::string org_path(OrganisationId id) { return record_path(kOrganisationsPath, id); }
std::string team_path(const Team& t) {
  return org_path(t.organisation_id) + "/teams/" + std::to_string(t.id);
}
std::string users_of(OrganisationId org) {
  return "/admin/users?organisation=" + std::to_string(org);
}

// ---- Organisations --------------------------------------------------------------------------

http::Response list_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                         int status, const Form& form, const Error* error) {
  const long long page = page_number(request);
  auto list = c.dir.organisations.list(actor_of(session, request), PageRequest{page, kPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Organisations", "organisations");
  nlohmann::json items = nlohmann::json::array();
  for (const Organisation& o : list->items) {
    items.push_back({{"name", o.name},
                     {"href", org_path(o.id)},
                     {"users", users_of(o.id)},
                     {"is_default", o.is_default}});
  }
  view["has_organisations"] = !items.empty();
  view["organisations"] = std::move(items);
  view["total"] = list->total;
  add_pager(view, std::string(kOrganisationsPath) + "?", page, kPerPage, list->total);
  view["Name_value"] = form_value(form, "Name");
  view["name_label"] = "Name";
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_organisations", view));
}

http::Response list_organisations(const Ctx& c, http::Request& request,
                                  const ActiveSession& session) {
  return list_page(c, request, session, 200, Form{}, nullptr);
}

http::Response create_organisation(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto created = c.dir.organisations.create(actor_of(session, request), form_value(form, "Name"));
  if (!created) {
    return form_refused(c.pages, request, session, created.error(), [&](int status, auto* e) {
      return list_page(c, request, session, status, form, e);
    });
  }
  const Organisation& o = created->organisation;
  return redirect_with_flash(c.pages, session, org_path(o.id),
                             "Organisation “" + o.name + "” created, with its default team.");
}

// One organisation: rename form, teams (with a create form), delete link. `form` refills the
// form that was refused (`team_form`: the new-team one).
http::Response organisation_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                                 int status, const Form* form, bool team_form, const Error* error) {
  const Actor actor = actor_of(session, request);
  auto found = c.dir.organisations.get(actor, path_ref(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Organisation& o = found->organisation;
  nlohmann::json view = admin_view(c.pages, session, o.name, "organisations",
                                   {{"Organisations", std::string(kOrganisationsPath)}});
  nlohmann::json teams = nlohmann::json::array();
  for (const Team& t : found->teams) {
    teams.push_back({{"name", t.name},
                     {"href", team_path(t)},
                     {"members", users_of(o.id) + "&team=" + std::to_string(t.id)},
                     {"is_default", t.is_default}});
  }
  view["teams"] = std::move(teams);
  view["users"] = users_of(o.id);
  view["is_default"] = o.is_default;
  view["action"] = org_path(o.id);
  view["team_action"] = org_path(o.id) + "/teams";
  view["delete"] = org_path(o.id) + "/delete";
  view["Name_value"] = form && !team_form ? form_value(*form, "Name") : o.name;
  view["TeamName_value"] = form && team_form ? form_value(*form, "TeamName") : std::string();
  if (error != nullptr) {
    Error shown = *error;
    // The new-team form names its field TeamName (the page has two names).
    if (team_form) {
      for (FieldError& f : shown.fields) f.field = f.field == "Name" ? "TeamName" : f.field;
      if (shown.fields.empty()) shown.fields = {{"TeamName", shown.message}};
    }
    add_error_to_form(view, shown);
  }
  return html_page(status, c.pages.renderer.render("admin_organisation", view));
}

http::Response show_organisation(const Ctx& c, http::Request& request,
                                 const ActiveSession& session) {
  return organisation_page(c, request, session, 200, nullptr, false, nullptr);
}

http::Response rename_organisation(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto renamed = c.dir.organisations.rename(actor_of(session, request), path_ref(request),
                                            form_value(form, "Name"));
  if (!renamed) {
    return form_refused(c.pages, request, session, renamed.error(), [&](int status, auto* e) {
      return organisation_page(c, request, session, status, &form, false, e);
    });
  }
  return redirect_with_flash(c.pages, session, org_path(renamed->organisation.id),
                             "Renamed to “" + renamed->organisation.name + "”.");
}

http::Response create_team(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto created = c.dir.organisations.create_team(actor_of(session, request), path_ref(request),
                                                 form_value(form, "TeamName"));
  if (!created) {
    return form_refused(c.pages, request, session, created.error(), [&](int status, auto* e) {
      return organisation_page(c, request, session, status, &form, true, e);
    });
  }
  return redirect_with_flash(c.pages, session, team_path(created->team),
                             "Team “" + created->team.name + "” created.");
}

http::Response confirm_organisation_delete(const Ctx& c, http::Request& request,
                                           const ActiveSession& session) {
  auto found = c.dir.organisations.get(actor_of(session, request), path_ref(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Organisation& o = found->organisation;
  const std::size_t users = found->users.size();
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the organisation “" + o.name + "”?",
                  (users == 1 ? std::string("Its 1 user moves")
                              : "Its " + std::to_string(users) + " users move") +
                      " to the Default Organisation's default team; their apps stay theirs and "
                      "become personal. Its teams are deleted. This cannot be undone.",
                  org_path(o.id) + "/delete", "Delete organisation", org_path(o.id)},
      "organisations",
      {{"Organisations", std::string(kOrganisationsPath)}, {o.name, org_path(o.id)}});
}

http::Response delete_organisation(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto found = c.dir.organisations.get(actor, path_ref(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Status removed = c.dir.organisations.remove(actor, path_ref(request));
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kOrganisationsPath),
                             "Organisation “" + found->organisation.name +
                                 "” deleted; its users are in the Default Organisation now.");
}

// ---- Teams ----------------------------------------------------------------------------------

// One team: rename form, members (the first 100, each with Remove), the add-member form, delete
// link. `form` refills the refused form (`member_form`: the add-member one).
http::Response team_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                         int status, const Form* form, bool member_form, const Error* error) {
  const Actor actor = actor_of(session, request);
  auto org = c.dir.organisations.get(actor, path_ref(request));
  if (!org) return error_page(c.pages, request, org.error(), &session);
  auto found = c.dir.organisations.get_team(actor, path_ref(request), path_ref(request, "team_id"));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Team& t = found->team;
  const Organisation& o = org->organisation;
  nlohmann::json view =
      admin_view(c.pages, session, t.name, "organisations",
                 {{"Organisations", std::string(kOrganisationsPath)}, {o.name, org_path(o.id)}});
  UserFilter filter;
  filter.team_id = t.id;
  auto members = c.dir.users.list_after(actor, filter, KeysetPage{0, kMembersShown});
  if (!members) return error_page(c.pages, request, members.error(), &session);
  nlohmann::json items = nlohmann::json::array();
  for (const User& u : members->items) {
    items.push_back({{"name", full_name(u)},
                     {"email", u.email},
                     {"href", "/admin/users/" + std::to_string(u.id)},
                     {"remove", team_path(t) + "/members/" + std::to_string(u.id) + "/remove"}});
  }
  view["has_members"] = !items.empty();
  view["shown"] = items.size();
  view["members"] = std::move(items);
  view["member_total"] = found->member_ids.size();
  view["more"] = members->more;
  view["all_members"] = users_of(o.id) + "&team=" + std::to_string(t.id);
  view["is_default"] = t.is_default;
  view["action"] = team_path(t);
  view["add_action"] = team_path(t) + "/members";
  view["delete"] = team_path(t) + "/delete";
  const bool rename_refused = form != nullptr && !member_form;
  view["Name_value"] = rename_refused ? form_value(*form, "Name") : t.name;
  view["Email_value"] = member_form ? form_value(*form, "Email") : std::string();
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_team", view));
}

http::Response show_team(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return team_page(c, request, session, 200, nullptr, false, nullptr);
}

http::Response rename_team(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto renamed = c.dir.organisations.update_team(actor_of(session, request), path_ref(request),
                                                 path_ref(request, "team_id"),
                                                 form_value(form, "Name"), std::nullopt);
  if (!renamed) {
    return form_refused(c.pages, request, session, renamed.error(), [&](int status, auto* e) {
      return team_page(c, request, session, status, &form, false, e);
    });
  }
  return redirect_with_flash(c.pages, session, team_path(renamed->team),
                             "Renamed to “" + renamed->team.name + "”.");
}

// Sets the team's members to its current ones changed by `change`, then back to the team page
// with `done` as the flash (or the error beside the Email field).
template <typename Change>
http::Response change_members(const Ctx& c, http::Request& request, const ActiveSession& session,
                              const Form* form, Change change, const std::string& done) {
  const Actor actor = actor_of(session, request);
  auto found = c.dir.organisations.get_team(actor, path_ref(request), path_ref(request, "team_id"));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  std::vector<UserId> members = found->member_ids;
  change(members);
  auto updated = c.dir.organisations.update_team(
      actor, path_ref(request), path_ref(request, "team_id"), std::nullopt, members);
  if (!updated) {
    Error e = updated.error();
    for (FieldError& f : e.fields) f.field = f.field == "Users" ? "Email" : f.field;
    return form_refused(c.pages, request, session, e, [&](int status, auto* shown) {
      if (form != nullptr) return team_page(c, request, session, status, form, true, shown);
      return redirect_with_flash(c.pages, session, team_path(found->team), e.message, "error");
    });
  }
  return redirect_with_flash(c.pages, session, team_path(found->team), done);
}

http::Response add_member(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  const Actor actor = actor_of(session, request);
  UserFilter filter;
  filter.email = form_value(form, "Email");
  filter.organisation_id = path_number(request);
  auto match = filter.email->empty() ? Result<PageOf<User>>(PageOf<User>{})
                                     : c.dir.users.list(actor, filter, PageRequest{1, 1});
  if (!match) return error_page(c.pages, request, match.error(), &session);
  if (match->items.empty()) {
    const Error e = field_error(
        "Email", filter.email->empty() ? "is required" : "no user of this organisation has it");
    return team_page(c, request, session, 400, &form, true, &e);
  }
  const User user = match->items.front();
  return change_members(
      c, request, session, &form, [&user](std::vector<UserId>& ids) { ids.push_back(user.id); },
      full_name(user) + " is in the team now.");
}

http::Response remove_member(const Ctx& c, http::Request& request, const ActiveSession& session) {
  long long user = 0;
  if (!parse_numeric_id(request.param("user_id"), user)) {
    return message_page(c.pages, 404, "Not found", "There is no such member.", &session);
  }
  auto found = c.dir.users.get(actor_of(session, request), std::to_string(user));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  return change_members(
      c, request, session, nullptr, [user](std::vector<UserId>& ids) { std::erase(ids, user); },
      full_name(found->user) +
          " left the team (a user left with no team joins the organisation's default team).");
}

http::Response confirm_team_delete(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  auto found = c.dir.organisations.get_team(actor_of(session, request), path_ref(request),
                                            path_ref(request, "team_id"));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Team& t = found->team;
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the team “" + t.name + "”?",
                  "Its " + std::to_string(found->member_ids.size()) +
                      " member(s) leave it; those with no other team join the organisation's "
                      "default team. Catalogue audiences naming it no longer apply. This cannot "
                      "be undone.",
                  team_path(t) + "/delete", "Delete team", team_path(t)},
      "organisations",
      {{"Organisations", std::string(kOrganisationsPath)}, {t.name, team_path(t)}});
}

http::Response delete_team(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto found = c.dir.organisations.get_team(actor, path_ref(request), path_ref(request, "team_id"));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Status removed =
      c.dir.organisations.remove_team(actor, path_ref(request), path_ref(request, "team_id"));
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, org_path(found->team.organisation_id),
                             "Team “" + found->team.name + "” deleted.");
}

}  // namespace

void add_organisation_pages(http::Router& router, const AuthPages& pages,
                            const AdminDirectory& directory) {
  const Ctx c{pages, directory};
  const std::string list(kOrganisationsPath);
  const std::string org = list + "/{id}";
  const std::string team = org + "/teams/{team_id}";
  add_owner_page(router, c, "GET", list, list_organisations);
  add_owner_page(router, c, "POST", list, create_organisation);
  add_owner_page(router, c, "GET", org, show_organisation);
  add_owner_page(router, c, "POST", org, rename_organisation);
  add_owner_page(router, c, "GET", org + "/delete", confirm_organisation_delete);
  add_owner_page(router, c, "POST", org + "/delete", delete_organisation);
  add_owner_page(router, c, "POST", org + "/teams", create_team);
  add_owner_page(router, c, "GET", team, show_team);
  add_owner_page(router, c, "POST", team, rename_team);
  add_owner_page(router, c, "POST", team + "/members", add_member);
  add_owner_page(router, c, "POST", team + "/members/{user_id}/remove", remove_member);
  add_owner_page(router, c, "GET", team + "/delete", confirm_team_delete);
  add_owner_page(router, c, "POST", team + "/delete", delete_team);
}

}  // namespace atrium::web
