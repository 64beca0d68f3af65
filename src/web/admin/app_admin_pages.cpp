#include "web/admin/app_admin_pages.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/query_params.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
#include "web/live/app_views.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kAdminApps = "/admin/apps";
constexpr std::string_view kQueue = "/admin/access-requests";

std::string admin_app_href(AppId id) { return std::string(kAdminApps) + "/" + std::to_string(id); }

// The filter form's choices (the first page of each), the current one selected.
nlohmann::json choices(const AdminApps& c, const Actor& actor, std::optional<long long> org,
                       std::optional<long long> product) {
  nlohmann::json out = {{"organisations", nlohmann::json::array()},
                        {"products", nlohmann::json::array()}};
  if (auto orgs = c.organisations.list(actor, {1, kMaxPerPage})) {
    for (const Organisation& o : orgs->items) {
      out["organisations"].push_back({{"id", o.id}, {"name", o.name}, {"selected", org == o.id}});
    }
  }
  if (auto products = c.products.list(actor, {1, kMaxPerPage})) {
    for (const ProductRecord& p : products->items) {
      out["products"].push_back({{"id", p.product.id},
                                 {"name", p.product.fields.display_name},
                                 {"selected", product == p.product.id}});
    }
  }
  return out;
}

http::Response apps_page(const AdminApps& c, http::Request& request, const ActiveSession& session) {
  http::QueryReader query(request);
  const PageRequest page = query.page();
  AppFilter filter;
  filter.organisation_id = query.positive_int("organisation");
  filter.product_id = query.positive_int("product");
  filter.user_id = query.positive_int("user");
  if (auto status = query.finish(); !status)
    return error_page(c.pages, request, status.error(), &session);
  const Actor actor = actor_of(session, request);
  auto list = c.apps.list(actor, filter, page);
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Apps", "apps");
  nlohmann::json apps = nlohmann::json::array();
  for (const App& app : list->items) {
    nlohmann::json card = app_card(app, 0);
    card["href"] = admin_app_href(app.id);
    apps.push_back(std::move(card));
  }
  view["has_apps"] = !apps.empty();
  view["apps"] = std::move(apps);
  view["total"] = list->total;
  view["filters"] = choices(c, actor, filter.organisation_id, filter.product_id);
  view["filtered"] = filter.organisation_id || filter.product_id || filter.user_id;
  if (page.page * page.per_page < list->total) {
    http::QueryPairs next = request.query;
    std::erase_if(next, [](const auto& p) { return p.first == "page"; });
    next.emplace_back("page", std::to_string(page.page + 1));
    view["next"] = std::string(kAdminApps) + "?" + http::query_string(next);
  }
  return html_page(200, c.pages.renderer.render("admin_apps", view));
}

std::optional<long long> id_of(const http::Request& request) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) return std::nullopt;
  return id;
}

http::Response app_page(const AdminApps& c, http::Request& request, const ActiveSession& session) {
  const auto id = id_of(request);
  auto found = id ? c.apps.get(actor_of(session, request), *id)
                  : Result<AppView>(fail(not_found("app.not_found", "app not found")));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  auto usage = c.usage.usage(found->credentials);
  if (!usage) return error_page(c.pages, request, usage.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, found->app.fields.name, "apps",
                                   {{"Apps", std::string(kAdminApps)}});
  view["app"] = app_detail(*found, *usage, 0, c.clock.now());
  view["app"]["admin_href"] = admin_app_href(found->app.id);
  return html_page(200, c.pages.renderer.render("admin_app", view));
}

http::Response delete_app(const AdminApps& c, http::Request& request,
                          const ActiveSession& session) {
  const auto id = id_of(request);
  const Actor actor = actor_of(session, request);
  auto found = id ? c.apps.get(actor, *id)
                  : Result<AppView>(fail(not_found("app.not_found", "app not found")));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  if (request.method == "GET") {
    return admin_confirm_page(
        c.pages, session,
        {"Delete “" + found->app.fields.name + "”?",
         "Its access requests go with it and its API keys stop working at once. "
         "The owner is not told.",
         admin_app_href(*id) + "/delete", "Delete app", admin_app_href(*id)},
        "apps", {{"Apps", std::string(kAdminApps)}, {found->app.fields.name, admin_app_href(*id)}});
  }
  if (auto removed = c.apps.remove(actor, *id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, std::string(kAdminApps),
                             "App “" + found->app.fields.name + "” deleted.");
}

nlohmann::json queue_row(const AccessRequest& r) {
  std::string products;
  for (const std::string& name : r.product_names) products += (products.empty() ? "" : ", ") + name;
  return {{"id", r.id},
          {"app", r.app_name},
          {"app_href", admin_app_href(r.app_id)},
          {"requester", r.requester_email},
          {"products", products},
          {"plan", r.plan_name},
          {"catalogue", r.catalogue_name},
          {"requested", time_view(r.created_at)},
          {"status", access_status_label(r.status)},
          {"status_key", to_string(r.status)},
          {"pending", r.status == AccessStatus::kPending},
          {"reason", r.reason}};
}

http::Response queue_page(const AdminApps& c, http::Request& request,
                          const ActiveSession& session) {
  http::QueryReader query(request);
  const PageRequest page = query.page();
  AccessRequestFilter filter;
  const std::string status = query.text("status", 20).value_or("pending");
  filter.status = parse_access_status(status);
  filter.organisation_id = query.positive_int("organisation");
  filter.product_id = query.positive_int("product");
  if (auto checked = query.finish(); !checked)
    return error_page(c.pages, request, checked.error(), &session);
  const Actor actor = actor_of(session, request);
  auto list = c.requests.list(actor, filter, page);
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Access requests", "access_requests");
  nlohmann::json rows = nlohmann::json::array();
  for (const AccessRequest& r : list->items) rows.push_back(queue_row(r));
  view["has_requests"] = !rows.empty();
  view["requests"] = std::move(rows);
  view["total"] = list->total;
  nlohmann::json tabs = nlohmann::json::array();
  const std::array<std::pair<const char*, const char*>, 4> kinds = {{{"pending", "Awaiting review"},
                                                                     {"approved", "Approved"},
                                                                     {"rejected", "Not approved"},
                                                                     {"all", "All"}}};
  for (const auto& [key, label] : kinds) {
    tabs.push_back({{"name", label},
                    {"href", std::string(kQueue) + "?status=" + key},
                    {"current", status == key}});
  }
  view["tabs"] = std::move(tabs);
  view["status"] = status;
  view["filters"] = choices(c, actor, filter.organisation_id, filter.product_id);
  return html_page(200, c.pages.renderer.render("access_requests", view));
}

http::Response approve(const AdminApps& c, http::Request& request, const ActiveSession& session) {
  const auto id = id_of(request);
  auto decided = id ? c.requests.approve(actor_of(session, request), *id)
                    : Result<AccessRequestView>(
                          fail(not_found("access_request.not_found", "no such request")));
  if (!decided) return error_page(c.pages, request, decided.error(), &session);
  const AccessRequest& r = decided->request;
  return redirect_with_flash(c.pages, session, std::string(kQueue),
                             "Approved access for “" + r.app_name +
                                 "”: its managers see the key "
                                 "once on the app's page. " +
                                 email_note(c.pages, session, r.requester_email));
}

// GET: the confirmation step, with the reason to send; POST: reject.
http::Response reject(const AdminApps& c, http::Request& request, const ActiveSession& session) {
  const auto id = id_of(request);
  const Actor actor = actor_of(session, request);
  auto found = id ? c.requests.get(actor, *id)
                  : Result<AccessRequestView>(
                        fail(not_found("access_request.not_found", "no such request")));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const AccessRequest& r = found->request;
  const Form form = request.method == "POST" ? http::parse_query(request.body) : Form{};
  if (request.method == "POST") {
    auto decided = c.requests.reject(actor, *id, form_value(form, "Reason"));
    if (decided) {
      return redirect_with_flash(c.pages, session, std::string(kQueue),
                                 "Rejected the request of “" + r.app_name + "”. " +
                                     email_note(c.pages, session, r.requester_email));
    }
    if (decided.error().code != ErrorCode::kInvalidArgument) {
      return error_page(c.pages, request, decided.error(), &session);
    }
    nlohmann::json view = admin_view(c.pages, session, "Reject the access request?",
                                     "access_requests", {{"Access requests", std::string(kQueue)}});
    view["request"] = queue_row(r);
    view["form"] = {{"Reason", form_value(form, "Reason")}};
    add_error_to_form(view, decided.error());
    return html_page(400, c.pages.renderer.render("reject_access", view));
  }
  nlohmann::json view = admin_view(c.pages, session, "Reject the access request?",
                                   "access_requests", {{"Access requests", std::string(kQueue)}});
  view["request"] = queue_row(r);
  view["form"] = {{"Reason", ""}};
  return html_page(200, c.pages.renderer.render("reject_access", view));
}

using AdminAppsFn = http::Response (*)(const AdminApps&, http::Request&, const ActiveSession&);

http::Handler owners(const AdminApps& c, AdminAppsFn page) {
  return owners_only(c.pages, [&c, page](http::Request& request, const ActiveSession& session) {
    return page(c, request, session);
  });
}

}  // namespace

void add_app_admin_pages(http::Router& router, const AdminApps& c) {
  const std::string apps(kAdminApps);
  router.add("GET", apps, owners(c, &apps_page));
  router.add("GET", apps + "/{id}", owners(c, &app_page));
  router.add("GET", apps + "/{id}/delete", owners(c, &delete_app));
  router.add("POST", apps + "/{id}/delete", owners(c, &delete_app));
  const std::string queue(kQueue);
  router.add("GET", queue, owners(c, &queue_page));
  router.add("POST", queue + "/{id}/approve", owners(c, &approve));
  router.add("GET", queue + "/{id}/reject", owners(c, &reject));
  router.add("POST", queue + "/{id}/reject", owners(c, &reject));
}

}  // namespace atrium::web
