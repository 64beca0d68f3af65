#include "web/live/consumer_users_page.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "http/dispatcher.hpp"
#include "http/json/audit_json.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/query_params.hpp"
#include "http/response_cache.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kUsersPath = "/portal/private/users";

std::string page_link(long long page, const PageRequest& request,
                      const std::optional<std::string>& search) {
  std::string link = std::string(kUsersPath) + "?page=" + std::to_string(page);
  if (request.per_page != PageRequest{}.per_page) {
    link += "&per_page=" + std::to_string(request.per_page);
  }
  if (search && !search->empty()) link += "&search=" + http::percent_encode(*search);
  return link;
}

http::Response list_page(const AuthPages& pages, http::ResponseCache& lists, http::Request& request,
                         const ActiveSession& session) {
  const bool json = wants_json(request);
  http::QueryReader query(request);
  const PageRequest page = query.page();
  UserFilter filter;
  filter.search = query.text("search", 100);
  if (auto status = query.finish(); !status) {
    if (json) return http::failure(request, status.error());
    return message_page(pages, 400, "Bad request", status.error().message, &session);
  }
  if (json) {
    return lists.answer(http::response_cache_key(kUsersPath, session.user.id, request.query),
                        DataSet::kDirectory, [&]() -> http::Response {
                          auto list =
                              pages.users.list(actor_of(session, request), std::move(filter), page);
                          if (!list) return http::failure(request, list.error());
                          return http::written_page_response(*list, http::write_user_public);
                        });
  }
  const std::optional<std::string> search = filter.search;
  auto list = pages.users.list(actor_of(session, request), std::move(filter), page);
  if (!list) {
    if (list.error().code == ErrorCode::kInvalidArgument) {
      return message_page(pages, 400, "Bad request", list.error().message, &session);
    }
    return unexpected(pages, request, list.error());
  }
  nlohmann::json view = base_view(pages, "Users", &session);
  nlohmann::json users = nlohmann::json::array();
  for (const User& u : list->items) {
    nlohmann::json row = user_row_view(u, session.user.id);
    row["active"] = u.active;
    row["status"] = status_label(status_of(u));
    users.push_back(std::move(row));
  }
  view["has_users"] = !users.empty();
  view["users"] = std::move(users);
  view["total"] = list->total;
  view["page"] = page.page;
  view["search"] = search.value_or("");
  if (page.page > 1) view["previous"] = page_link(page.page - 1, page, search);
  if (list->more) {
    view["next"] = page_link(page.page + 1, page, search);
  }
  view["current"] = {{"users", true}};
  return html_page(200, pages.renderer.render("consumer_users", view));
}

http::Response detail_page(const AuthPages& pages, http::Request& request,
                           const ActiveSession& session) {
  const bool json = wants_json(request);
  // The service answers 404 for a user this consumer may not see, as for a missing one.
  auto choices = pages.users.edit_choices(actor_of(session, request), request.param("id"));
  if (!choices) {
    if (json) return http::failure(request, choices.error());
    return error_page(pages, request, choices.error(), &session);
  }
  const User& u = choices->view.user;
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : choices->view.teams) teams.push_back(t.name);
  if (json) {
    nlohmann::json body = http::user_public_json(u);
    body["Teams"] = std::move(teams);
    return http::Response::json(200, body);
  }
  nlohmann::json view = base_view(pages, full_name(u), &session);
  view["person"] = {{"id", u.id},
                    {"name", full_name(u)},
                    {"email", u.email},
                    {"role", role_label(u.role)},
                    {"active", u.active},
                    {"status", status_label(status_of(u))},
                    {"teams", std::move(teams)},
                    // The policy's answers: the page offers only what the POST would allow.
                    {"may_edit", choices->may_edit},
                    {"may_remove", choices->may_remove_from_organisation}};
  view["current"] = {{"users", true}};
  return html_page(200, pages.renderer.render("consumer_user", view));
}

}  // namespace

void add_consumer_user_pages(http::Router& router, const AuthPages& pages,
                             http::ResponseCache& lists) {
  router.add("GET", std::string(kUsersPath),
             signed_in(pages,
                       [&pages, &lists](http::Request& request, const ActiveSession& session) {
                         if (is_api_owner(session.user.role)) return redirect("/admin");
                         return list_page(pages, lists, request, session);
                       }),
             http::Execution::kInlineFirst);
  router.add("GET", std::string(kUsersPath) + "/{id}",
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               if (is_api_owner(session.user.role)) return redirect("/admin");
               return detail_page(pages, request, session);
             }));
}

}  // namespace atrium::web
