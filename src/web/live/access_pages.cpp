#include "web/live/access_pages.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
#include "web/live/app_views.hpp"
#include "web/live/plan_limits.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kCataloguePath = "/portal/catalogue-products";

struct KeyPath {
  AppId app = 0;
  CredentialId credential = 0;
};

std::optional<KeyPath> key_path(const http::Request& request) {
  KeyPath path;
  if (!parse_numeric_id(request.param("id"), path.app) ||
      !parse_numeric_id(request.param("cid"), path.credential)) {
    return std::nullopt;
  }
  return path;
}

// The once-only page of a new key: not cached, not kept anywhere.
http::Response key_page(const AppPages& c, const ActiveSession& session, AppId app,
                        const IssuedKey& issued, std::string heading) {
  nlohmann::json view = base_view(c.pages, std::move(heading), &session);
  view["key"] = issued.key;
  view["prefix"] = issued.credential.key_prefix;
  view["back"] = app_href(app);
  if (issued.credential.expires_at) view["expires"] = time_view(*issued.credential.expires_at);
  view["current"] = {{"apps", true}};
  http::Response response = html_page(200, c.pages.renderer.render("app_key", view));
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response reveal(const AppPages& c, http::Request& request, const ActiveSession& session) {
  const auto path = key_path(request);
  if (!path)
    return error_page(c.pages, request, not_found("credential.not_found", "no such key"), &session);
  auto shown = c.credentials.reveal(actor_of(session, request), path->app, path->credential);
  if (!shown) return error_page(c.pages, request, shown.error(), &session);
  return key_page(c, session, path->app, *shown, "Your API key");
}

// Rotating needs the credential's access request; the app page names only the credential.
http::Response rotate(const AppPages& c, http::Request& request, const ActiveSession& session) {
  const auto path = key_path(request);
  if (!path)
    return error_page(c.pages, request, not_found("credential.not_found", "no such key"), &session);
  const Actor actor = actor_of(session, request);
  auto app = c.apps.get(actor, path->app);
  if (!app) return error_page(c.pages, request, app.error(), &session);
  for (const Credential& credential : app->credentials) {
    if (credential.id != path->credential) continue;
    auto rotated =
        c.credentials.rotate(actor, path->app, credential.access_request_id, credential.id);
    if (!rotated) return error_page(c.pages, request, rotated.error(), &session);
    return key_page(c, session, path->app, *rotated, "Your new API key");
  }
  return error_page(c.pages, request, not_found("credential.not_found", "no such key"), &session);
}

http::Response revoke(const AppPages& c, http::Request& request, const ActiveSession& session) {
  const auto path = key_path(request);
  if (!path)
    return error_page(c.pages, request, not_found("credential.not_found", "no such key"), &session);
  const std::string here = app_href(path->app);
  if (request.method == "GET") {
    return confirm_page(c.pages, session,
                        {"Revoke this API key?",
                         "Requests with it are refused from now on. To use the API again, ask for "
                         "access again.",
                         here + "/credentials/" + std::to_string(path->credential) + "/revoke",
                         "Revoke key", here});
  }
  auto revoked = c.credentials.revoke(actor_of(session, request), path->app, path->credential);
  if (!revoked) return error_page(c.pages, request, revoked.error(), &session);
  return redirect_with_flash(c.pages, session, here, "Key " + revoked->key_prefix + "… revoked.");
}

// The request-access form of a product: its plans, and the apps the viewer manages (or a new
// one, made in the same step).
http::Response request_form(const AppPages& c, const http::Request& request,
                            const ActiveSession& session, const ProductPage& product,
                            const Form& form, const Error* error, int status = 200) {
  const Actor actor = actor_of(session, request);
  auto apps = c.apps.manageable(actor);
  if (!apps) return error_page(c.pages, request, apps.error(), &session);
  const ProductFields& f = product.record.product.fields;
  nlohmann::json view = base_view(c.pages, "Request access to " + f.display_name, &session);
  view["product"] = {{"name", f.display_name},
                     {"href", std::string(kCataloguePath) + "/" + f.path}};
  view["action"] = std::string(kCataloguePath) + "/" + f.path + "/request-access";
  nlohmann::json plans = nlohmann::json::array();
  for (const Plan& plan : product.plans) {
    nlohmann::json shown = plan_limits_view(plan);
    shown["id"] = plan.id;
    shown["checked"] =
        form_value(form, "PlanID") == std::to_string(plan.id) || product.plans.size() == 1;
    plans.push_back(std::move(shown));
  }
  view["has_plans"] = !plans.empty();
  view["plans"] = std::move(plans);
  nlohmann::json choices = nlohmann::json::array();
  const std::string chosen = form_value(form, "AppID");
  for (const App& app : *apps) {
    choices.push_back({{"id", app.id},
                       {"name", app.fields.name},
                       {"selected", chosen == std::to_string(app.id)}});
  }
  view["apps"] = std::move(choices);
  view["new_app"] = chosen.empty() || chosen == "new";
  view["form"] = {{"NewAppName", form_value(form, "NewAppName")}};
  if (error != nullptr) add_error_to_form(view, *error);
  view["current"] = {{"catalogue", true}};
  return html_page(status, c.pages.renderer.render("request_access", view));
}

// The app the request is for: one the viewer chose, or a new one (created here).
Result<AppId> chosen_app(const AppPages& c, const Actor& actor, const Form& form, bool& created) {
  const std::string chosen = form_value(form, "AppID");
  long long id = 0;
  if (chosen != "new" && parse_numeric_id(chosen, id)) return id;
  if (chosen != "new" && !chosen.empty()) {
    return fail(invalid_argument("access_request.invalid", "choose an app",
                                 {{"AppID", "choose one of your apps or a new one"}}));
  }
  AppInput input;
  input.name = form_value(form, "NewAppName");
  auto app = c.apps.create(actor, input);
  if (!app) {
    Error e = app.error();
    for (FieldError& field : e.fields) {
      if (field.field == "Name") field.field = "NewAppName";
    }
    return fail(std::move(e));
  }
  created = true;
  return app->app.id;
}

http::Response request_access(const AppPages& c, http::Request& request,
                              const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto product = c.products.page(&actor, request.param("path"));
  if (!product) return error_page(c.pages, request, product.error(), &session);
  if (request.method == "GET") return request_form(c, request, session, *product, {}, nullptr);
  const Form form = http::parse_query(request.body);
  AccessInput input;
  long long plan = 0;
  if (parse_numeric_id(form_value(form, "PlanID"), plan)) input.plan_id = plan;
  input.product_ids = std::vector<ProductId>{product->record.product.id};
  if (!input.plan_id) {
    const Error e =
        invalid_argument("access_request.invalid", "choose a plan", {{"PlanID", "choose a plan"}});
    return request_form(c, request, session, *product, form, &e, 400);
  }
  bool created = false;
  auto app = chosen_app(c, actor, form, created);
  if (!app) return request_form(c, request, session, *product, form, &app.error(), 400);
  auto outcome = c.requests.request(actor, *app, input);
  if (!outcome) {
    if (created) (void)c.apps.remove(actor, *app);  // nothing is left of a refused request
    const Error& e = outcome.error();
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kConflict) {
      Error shown = e;
      if (shown.fields.empty()) shown.fields = {{"PlanID", e.message}};
      return request_form(c, request, session, *product, form, &shown, 400);
    }
    return error_page(c.pages, request, e, &session);
  }
  if (outcome->key)
    return key_page(c, session, *app, *outcome->key, "Access granted: your API key");
  return redirect_with_flash(c.pages, session, app_href(*app),
                             "Access requested. An API Owner will review it; you will get an "
                             "email when it is decided.");
}

}  // namespace

void add_access_pages(http::Router& router, const AppPages& c) {
  const std::string key = std::string(kAppsPath) + "/{id}/credentials/{cid}";
  router.add("POST", key + "/reveal", consumer_page(c, &reveal));
  router.add("POST", key + "/rotate", consumer_page(c, &rotate));
  router.add("GET", key + "/revoke", consumer_page(c, &revoke));
  router.add("POST", key + "/revoke", consumer_page(c, &revoke));
  const std::string form = std::string(kCataloguePath) + "/{path}/request-access";
  router.add("GET", form, consumer_page(c, &request_access));
  router.add("POST", form, consumer_page(c, &request_access));
}

}  // namespace atrium::web
