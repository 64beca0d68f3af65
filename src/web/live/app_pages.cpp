#include "web/live/app_pages.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/error_mapping.hpp"
#include "http/json/app_json.hpp"
#include "http/query_params.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
#include "web/live/access_pages.hpp"
#include "web/live/app_views.hpp"

namespace atrium::web {

namespace {

std::optional<long long> path_id(const http::Request& request, std::string_view name) {
  long long id = 0;
  if (!parse_numeric_id(request.param(name), id)) return std::nullopt;
  return id;
}

http::Response not_found_page(const AppPages& c, const http::Request& request,
                              const ActiveSession& session) {
  return error_page(c.pages, request, not_found("app.not_found", "app not found"), &session);
}

http::Response list_json(const AppPages& c, http::Request& request, const Actor& actor,
                         const PageRequest& page, UserId viewer) {
  return c.lists.answer(http::response_cache_key(kAppsPath, viewer, request.query), DataSet::kApps,
                        [&]() -> http::Response {
                          auto list = c.apps.list(actor, AppFilter{}, page);
                          if (!list) return http::failure(request, list.error());
                          nlohmann::json items = nlohmann::json::array();
                          for (const App& app : list->items)
                            items.push_back(http::app_index_json(app));
                          http::Response response = http::Response::json(200, items);
                          response.set_header("X-Total-Count", std::to_string(list->total));
                          return response;
                        });
}

http::Response list_page(const AppPages& c, http::Request& request, const ActiveSession& session) {
  http::QueryReader query(request);
  const PageRequest page = query.page();
  if (auto status = query.finish(); !status) return error_page(c.pages, request, status.error());
  const Actor actor = actor_of(session, request);
  if (wants_json(request)) return list_json(c, request, actor, page, session.user.id);
  auto list = c.apps.list(actor, AppFilter{}, page);
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = base_view(c.pages, "Apps", &session);
  nlohmann::json apps = nlohmann::json::array();
  for (const App& app : list->items) apps.push_back(app_card(app, session.user.id));
  view["has_apps"] = !apps.empty();
  view["apps"] = std::move(apps);
  view["total"] = list->total;
  if (page.page > 1)
    view["previous"] = std::string(kAppsPath) + "?page=" + std::to_string(page.page - 1);
  if (page.page * page.per_page < list->total) {
    view["next"] = std::string(kAppsPath) + "?page=" + std::to_string(page.page + 1);
  }
  view["current"] = {{"apps", true}};
  return html_page(200, c.pages.renderer.render("apps", view));
}

// The create / edit form, with what was typed and the errors next to each field.
http::Response form_page(const AppPages& c, const ActiveSession& session, const App* app,
                         const Form& form, const Error* error, int status = 200) {
  nlohmann::json view =
      base_view(c.pages, app != nullptr ? "Edit " + app->fields.name : "New app", &session);
  const bool typed = !form.empty();
  const std::string visibility =
      typed ? form_value(form, "Visibility")
            : std::string(to_string(app != nullptr ? app->fields.visibility
                                                   : AppVisibility::kOrganisation));
  view["form"] = {{"Name", typed ? form_value(form, "Name") : (app ? app->fields.name : "")},
                  {"Description",
                   typed ? form_value(form, "Description") : (app ? app->fields.description : "")},
                  {"RedirectURLs", typed ? form_value(form, "RedirectURLs")
                                         : (app ? app->fields.redirect_urls : "")}};
  nlohmann::json choices = nlohmann::json::array();
  for (AppVisibility v :
       {AppVisibility::kPersonal, AppVisibility::kTeam, AppVisibility::kOrganisation}) {
    choices.push_back({{"value", to_string(v)},
                       {"label", visibility_label(v)},
                       {"hint", visibility_hint(v)},
                       {"checked", visibility == to_string(v)}});
  }
  view["visibilities"] = std::move(choices);
  view["action"] = app != nullptr ? app_href(app->id) + "/edit" : std::string(kAppsPath);
  view["cancel"] = app != nullptr ? app_href(app->id) : std::string(kAppsPath);
  view["button"] = app != nullptr ? "Save changes" : "Create app";
  if (error != nullptr) add_error_to_form(view, *error);
  view["current"] = {{"apps", true}};
  return html_page(status, c.pages.renderer.render("app_form", view));
}

AppInput input_of(const Form& form) {
  AppInput in;
  in.name = form_value(form, "Name");
  in.description = form_value(form, "Description");
  in.redirect_urls = form_value(form, "RedirectURLs");
  in.visibility = form_value(form, "Visibility");
  return in;
}

// A refused form is shown again with its errors; anything else is the error page.
http::Response refused_form(const AppPages& c, const http::Request& request,
                            const ActiveSession& session, const App* app, const Form& form,
                            const Error& error) {
  if (error.code == ErrorCode::kInvalidArgument) {
    return form_page(c, session, app, form, &error, 400);
  }
  return error_page(c.pages, request, error, &session);
}

http::Response create(const AppPages& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto created = c.apps.create(actor_of(session, request), input_of(form));
  if (!created) return refused_form(c, request, session, nullptr, form, created.error());
  return redirect_with_flash(c.pages, session, app_href(created->app.id),
                             "App “" + created->app.fields.name + "” created.");
}

http::Response detail_page(const AppPages& c, http::Request& request,
                           const ActiveSession& session) {
  const auto id = path_id(request, "id");
  if (!id) return not_found_page(c, request, session);
  auto found = c.apps.get(actor_of(session, request), *id);
  if (!found) {
    if (wants_json(request)) return http::failure(request, found.error());
    return error_page(c.pages, request, found.error(), &session);
  }
  if (wants_json(request)) {
    return http::Response::json(200, http::app_show_json(*found, c.clock.now()));
  }
  auto usage = c.usage.usage(found->credentials);
  if (!usage) return error_page(c.pages, request, usage.error(), &session);
  nlohmann::json view = base_view(c.pages, found->app.fields.name, &session);
  view["app"] = app_detail(*found, *usage, session.user.id, c.clock.now());
  view["current"] = {{"apps", true}};
  return html_page(200, c.pages.renderer.render("app", view));
}

// GET and POST of /apps/{id}/edit: the app must be one the viewer manages.
http::Response edit(const AppPages& c, http::Request& request, const ActiveSession& session) {
  const auto id = path_id(request, "id");
  if (!id) return not_found_page(c, request, session);
  const Actor actor = actor_of(session, request);
  auto found = c.apps.get(actor, *id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  if (!found->may_manage) {
    return error_page(
        c.pages, request,
        make_error(ErrorCode::kForbidden, "app.forbidden", "you may not change this app"),
        &session);
  }
  if (request.method == "GET") return form_page(c, session, &found->app, {}, nullptr);
  const Form form = http::parse_query(request.body);
  auto updated = c.apps.update(actor, *id, input_of(form));
  if (!updated) return refused_form(c, request, session, &found->app, form, updated.error());
  return redirect_with_flash(c.pages, session, app_href(*id), "Changes saved.");
}

http::Response remove(const AppPages& c, http::Request& request, const ActiveSession& session) {
  const auto id = path_id(request, "id");
  if (!id) return not_found_page(c, request, session);
  const Actor actor = actor_of(session, request);
  auto found = c.apps.get(actor, *id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  if (request.method == "GET") {
    return confirm_page(c.pages, session,
                        {"Delete “" + found->app.fields.name + "”?",
                         "Its access requests go with it and its API keys stop working at once. "
                         "This cannot be undone.",
                         app_href(*id) + "/delete", "Delete app", app_href(*id)});
  }
  auto removed = c.apps.remove(actor, *id);
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kAppsPath),
                             "App “" + found->app.fields.name + "” deleted.");
}

}  // namespace

http::Handler consumer_page(const AppPages& c, AppPageFn page) {
  return signed_in(c.pages, [&c, page](http::Request& request, const ActiveSession& session) {
    if (is_api_owner(session.user.role)) return redirect("/admin");
    return page(c, request, session);
  });
}

void add_app_pages(http::Router& router, const AppPages& c) {
  const std::string base(kAppsPath);
  router.add("GET", base, consumer_page(c, &list_page), http::Execution::kInlineFirst);
  router.add("POST", base, consumer_page(c, &create));
  router.add("GET", base + "/new",
             consumer_page(c, [](const AppPages& p, http::Request&, const ActiveSession& session) {
               return form_page(p, session, nullptr, {}, nullptr);
             }));
  router.add("GET", base + "/{id}", consumer_page(c, &detail_page));
  router.add("GET", base + "/{id}/edit", consumer_page(c, &edit));
  router.add("POST", base + "/{id}/edit", consumer_page(c, &edit));
  router.add("GET", base + "/{id}/delete", consumer_page(c, &remove));
  router.add("POST", base + "/{id}/delete", consumer_page(c, &remove));
  add_access_pages(router, c);
}

}  // namespace atrium::web
