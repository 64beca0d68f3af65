#include "web/admin/user_pages.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "domain/directory/names.hpp"
#include "http/error_mapping.hpp"
#include "http/request.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/directory_options.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

using std::string_view;

constexpr string_view kUsersPath = "/admin/users";
constexpr long long kPerPage = 20;

struct Ctx {
  const AuthPages& pages;
  AdminDirectory dir;
};

std::string user_path(long long id) { return record_path(kUsersPath, id); }

// The list's query as the filter form sent it: empty fields mean "any".
struct ListQuery {
  UserFilter filter;
  KeysetPage page{0, kPerPage};
  std::string search, organisation, team, role, status;
};

Result<ListQuery> read_list_query(const http::Request& request) {
  ListQuery q;
  const auto get = [&](string_view name) {
    return std::string(request.query_param(name).value_or(""));
  };
  q.search = get("search");
  q.organisation = get("organisation");
  q.team = get("team");
  q.role = get("role");
  q.status = get("status");
  std::vector<FieldError> errors;
  const auto id_of = [&](const std::string& text, string_view field) -> std::optional<long long> {
    long long id = 0;
    if (text.empty()) return std::nullopt;
    if (!parse_numeric_id(text, id)) errors.push_back({std::string(field), "must be a number"});
    return id;
  };
  if (q.search.size() > 100) errors.push_back({"search", "must be at most 100 characters"});
  if (!q.search.empty()) q.filter.search = q.search;
  q.filter.organisation_id = id_of(q.organisation, "organisation");
  q.filter.team_id = id_of(q.team, "team");
  if (auto after = id_of(get("after_id"), "after_id")) q.page.after_id = *after;
  if (!q.role.empty()) {
    q.filter.role = parse_role(q.role);
    if (!q.filter.role) errors.push_back({"role", "is not a role"});
  }
  if (q.status == "active" || q.status == "inactive") {
    q.filter.active = q.status == "active";
  } else if (!q.status.empty()) {
    errors.push_back({"status", "must be active or inactive"});
  }
  if (!errors.empty()) {
    Error e = make_error(ErrorCode::kInvalidArgument, "request.invalid_query", "bad filter");
    e.fields = std::move(errors);
    return fail(std::move(e));
  }
  return q;
}

std::string list_link(const ListQuery& q, long long after_id) {
  http::QueryPairs pairs;
  for (const auto& [name, value] : {std::pair<string_view, const std::string&>{"search", q.search},
                                    {"organisation", q.organisation},
                                    {"team", q.team},
                                    {"role", q.role},
                                    {"status", q.status}}) {
    if (!value.empty()) pairs.emplace_back(std::string(name), value);
  }
  if (after_id > 0) pairs.emplace_back("after_id", std::to_string(after_id));
  return std::string(kUsersPath) + (pairs.empty() ? "" : "?" + http::query_string(pairs));
}

// Users whose self-registration waits for an owner (the first page of requests: a backlog
// beyond it shows as Inactive until approved).
std::set<UserId> awaiting_approval(const Ctx& c, const Actor& actor) {
  std::set<UserId> ids;
  auto pending =
      c.dir.registrations.list_registrations(actor, RegistrationState::kPending, {1, kMaxPerPage});
  if (pending) {
    for (const auto& r : pending->items) ids.insert(r.user.id);
  }
  return ids;
}

std::string_view status_text(const User& u, const std::set<UserId>& awaiting) {
  if (!u.active && awaiting.contains(u.id)) return status_label(UserStatus::kAwaitingApproval);
  return status_label(status_of(u));
}

nlohmann::json role_options(const std::string& selected) {
  nlohmann::json options = nlohmann::json::array();
  for (Role r :
       {Role::kConsumerTeamMember, Role::kConsumerAdmin, Role::kProviderAdmin, Role::kSuperAdmin}) {
    const std::string value(to_string(r));
    options.push_back(
        {{"value", value}, {"label", role_label(r)}, {"selected", value == selected}});
  }
  return options;
}

nlohmann::json team_options(const Ctx& c, const Actor& actor, const std::string& organisation,
                            const std::string& selected) {
  nlohmann::json options = nlohmann::json::array();
  if (organisation.empty()) return options;
  auto teams = c.dir.organisations.list_teams(actor, organisation);
  if (!teams) return options;
  for (const auto& t : *teams) {
    const std::string id = std::to_string(t.id);
    options.push_back({{"value", id}, {"label", t.name}, {"selected", id == selected}});
  }
  return options;
}

http::Response list_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto query = read_list_query(request);
  nlohmann::json view = admin_view(c.pages, session, "Users", "users");
  // A bad filter is a 400 naming it, above the unfiltered list.
  const int status = query ? 200 : 400;
  if (!query) {
    add_error_to_form(view, query.error());
    query = ListQuery{};
  }
  const ListQuery& q = *query;
  auto list = c.dir.users.list_after(actor, q.filter, q.page);
  if (!list) return error_page(c.pages, request, list.error(), &session);
  const auto awaiting = awaiting_approval(c, actor);
  nlohmann::json users = nlohmann::json::array();
  for (const User& u : list->items) {
    nlohmann::json row = user_row_view(u, session.user.id);
    row["status"] = status_text(u, awaiting);
    users.push_back(std::move(row));
  }
  view["has_users"] = !users.empty();
  view["users"] = std::move(users);
  view["total"] = std::to_string(list->total);
  view["filtered"] = q.filter.search || q.filter.organisation_id || q.filter.team_id ||
                     q.filter.role || q.filter.active;
  view["search"] = q.search;
  view["organisations"] = organisation_options(c.dir.organisations, actor, q.organisation);
  view["teams"] = team_options(c, actor, q.organisation, q.team);
  view["roles"] = role_options(q.role);
  view["statuses"] = nlohmann::json::array(
      {{{"value", "active"}, {"label", "Active"}, {"selected", q.status == "active"}},
       {{"value", "inactive"},
        {"label", "Inactive, invited or awaiting approval"},
        {"selected", q.status == "inactive"}}});
  if (q.page.after_id > 0) view["first"] = list_link(q, 0);
  if (list->more && !list->items.empty()) view["next"] = list_link(q, list->items.back().id);
  return html_page(status, c.pages.renderer.render("admin_users", view));
}

// The user named by the path, or the error page.
Result<UserView> path_user(const Ctx& c, const http::Request& request,
                           const ActiveSession& session) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) {
    return fail(not_found("user.not_found", "There is no such user"));
  }
  return c.dir.users.get(actor_of(session, request), std::to_string(id));
}

http::Response user_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) {
    return message_page(c.pages, 404, "Not found", "There is no such user.", &session);
  }
  auto choices = c.dir.users.edit_choices(actor_of(session, request), std::to_string(id));
  if (!choices) return error_page(c.pages, request, choices.error(), &session);
  const UserView* found = &choices->view;
  const User& u = found->user;
  nlohmann::json view =
      admin_view(c.pages, session, full_name(u), "users", {{"Users", std::string(kUsersPath)}});
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : found->teams) teams.push_back(t.name);
  const auto awaiting = awaiting_approval(c, actor_of(session, request));
  const UserStatus status = status_of(u);
  view["person"] = {
      {"id", u.id},
      {"name", full_name(u)},
      {"email", u.email},
      {"role", role_label(u.role)},
      {"status", status_text(u, awaiting)},
      {"organisation", found->organisation ? found->organisation->name : ""},
      {"teams", std::move(teams)},
      {"created", time_view(u.created_at)},
      {"updated", time_view(u.updated_at)},
      {"active", u.active},
      {"invited", status == UserStatus::kInvited},
      {"may_edit", choices->may_edit},
      {"you", u.id == session.user.id},
      {"audit_by", "/admin/audit?actor=" + http::percent_encode(u.email)},
      {"audit_of", "/admin/audit?target_type=user&target_id=" + std::to_string(u.id)}};
  return html_page(200, c.pages.renderer.render("admin_user", view));
}

// POST /admin/users/{id}/<action>: does it and returns to the user's page with a flash.
using UserAction = std::function<Result<std::string>(const Actor&, const std::string& ref)>;

http::Handler user_action(const Ctx& c, UserAction action) {
  return owners_only(c.pages, [c, action = std::move(action)](http::Request& request,
                                                              const ActiveSession& session) {
    long long id = 0;
    if (!parse_numeric_id(request.param("id"), id)) {
      return message_page(c.pages, 404, "Not found", "There is no such user.", &session);
    }
    auto done = action(actor_of(session, request), std::to_string(id));
    if (!done) return error_page(c.pages, request, done.error(), &session);
    return redirect_with_flash(c.pages, session, user_path(id), *done);
  });
}

void add_user_actions(http::Router& router, const Ctx& c) {
  for (const bool active : {true, false}) {
    router.add(
        "POST", active ? "/admin/users/{id}/activate" : "/admin/users/{id}/deactivate",
        user_action(
            c, [c, active](const Actor& actor, const std::string& ref) -> Result<std::string> {
              ATRIUM_ASSIGN_OR_RETURN(auto v, c.dir.users.set_active(actor, ref, active));
              return v.user.email + (active ? " is active and can sign in."
                                            : " is inactive and was signed out everywhere.");
            }));
  }
  router.add("POST", "/admin/users/{id}/end-sessions",
             user_action(c, [c](const Actor& actor, const std::string& ref) -> Result<std::string> {
               ATRIUM_ASSIGN_OR_RETURN(auto ended, c.dir.users.end_sessions(actor, ref));
               return ended == 1 ? std::string("Ended 1 session.")
                                 : "Ended " + std::to_string(ended) + " sessions.";
             }));
  router.add("POST", "/admin/users/{id}/invite",
             owners_only(c.pages, [c](http::Request& request, const ActiveSession& session) {
               auto found = path_user(c, request, session);
               if (!found) return error_page(c.pages, request, found.error(), &session);
               auto sent = c.dir.invitations.send_registration_link(actor_of(session, request),
                                                                    std::to_string(found->user.id));
               if (!sent) return error_page(c.pages, request, sent.error(), &session);
               return redirect_with_flash(
                   c.pages, session, user_path(found->user.id),
                   "A new invitation link was made; the old one no longer works. " +
                       email_note(c.pages, session, found->user.email));
             }));
  router.add(
      "GET", "/admin/users/{id}/delete",
      owners_only(c.pages, [c](http::Request& request, const ActiveSession& session) {
        auto found = path_user(c, request, session);
        if (!found) return error_page(c.pages, request, found.error(), &session);
        const User& u = found->user;
        return admin_confirm_page(
            c.pages, session,
            ConfirmStep{"Delete " + full_name(u) + "?",
                        u.email + " is deleted for good and signed out everywhere; this cannot "
                                  "be undone. To stop them signing in for now, deactivate "
                                  "them instead.",
                        user_path(u.id) + "/delete", "Delete user", user_path(u.id)},
            "users", {{"Users", std::string(kUsersPath)}, {full_name(u), user_path(u.id)}});
      }));
  router.add("POST", "/admin/users/{id}/delete",
             owners_only(c.pages, [c](http::Request& request, const ActiveSession& session) {
               auto found = path_user(c, request, session);
               if (!found) return error_page(c.pages, request, found.error(), &session);
               const Status removed =
                   c.dir.users.remove(actor_of(session, request), std::to_string(found->user.id));
               if (!removed) return error_page(c.pages, request, removed.error(), &session);
               return redirect_with_flash(c.pages, session, std::string(kUsersPath),
                                          "Deleted " + found->user.email + ".");
             }));
}

}  // namespace

void add_admin_user_pages(http::Router& router, const AuthPages& pages,
                          const AdminDirectory& directory) {
  const Ctx c{pages, directory};
  router.add("GET", std::string(kUsersPath),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return list_page(c, request, session);
             }));
  router.add("GET", "/admin/users/{id}",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return user_page(c, request, session);
             }));
  add_user_actions(router, c);
  add_admin_user_form_pages(router, pages, directory);
}

}  // namespace atrium::web
