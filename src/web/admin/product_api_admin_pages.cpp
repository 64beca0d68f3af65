// The APIs of a product in the Admin Portal: add, edit and delete one, through ProductService
// (save_api, remove_api). An API's page is /admin/products/{id}/apis/{n}, n its place (1-based);
// the form carries its APIID, so that a change meets the API it was made for.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/content_checks.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/product_admin_pages.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/form_fields.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

struct Ctx {
  const AuthPages& pages;
  ProductService& products;
};

std::vector<FieldSpec> api_fields() {
  using K = FieldKind;
  return {
      {"Name", "Name", "What consumers see.", K::kText, 100, {}},
      {"APIType",
       "Type",
       "For example oas, classic or graphql.",
       K::kText,
       kMaxShortTextLength,
       {}},
      {"Description", "Description", "", K::kTextarea, kMaxDescriptionLength, {}},
      {"ListenPath",
       "Listen path",
       "Where the gateway serves it, starting with /: keys of this product are checked for "
       "requests under it.",
       K::kText,
       kMaxShortTextLength,
       {}},
      {"TargetURL",
       "Target URL",
       "The upstream it proxies to: an http(s) URL.",
       K::kText,
       kMaxShortTextLength,
       {}},
      {"Status", "Active: keys work for it", "", K::kCheckbox, 0, {}},
  };
}

Form api_form(const ProductApi& api) {
  Form form = {{"Name", api.name},
               {"APIType", api.api_type},
               {"Description", api.description},
               {"ListenPath", api.listen_path},
               {"TargetURL", api.target_url}};
  add_checkbox(form, "Status", api.status);
  return form;
}

ProductApiInput api_input(const Form& form) {
  ProductApiInput in;
  in.name = form_value(form, "Name");
  in.api_type = form_value(form, "APIType");
  in.description = form_value(form, "Description");
  in.listen_path = form_value(form, "ListenPath");
  in.target_url = form_value(form, "TargetURL");
  in.status = form_value(form, "Status") == "on";
  return in;
}

// The product and, for a path with {n}, its n-th API; kNotFound for either missing.
struct Target {
  ProductRecord record;
  std::optional<ProductApi> api;  // none: a new one
  int n = 0;
};

Result<Target> target_of(const Ctx& c, const http::Request& request, const Actor& actor,
                         bool existing) {
  ATRIUM_ASSIGN_OR_RETURN(auto record, c.products.get(actor, path_number(request)));
  Target target{std::move(record), std::nullopt, 0};
  if (!existing) return target;
  const long long n = path_number(request, "n");
  if (n < 1 || n > static_cast<long long>(target.record.apis.size())) {
    return fail(not_found("api.not_found", "API not found"));
  }
  target.n = static_cast<int>(n);
  target.api = target.record.apis[n - 1];
  return target;
}

std::string api_path(const Target& t) {
  return product_path(t.record.product.id) + "/apis/" + (t.api ? std::to_string(t.n) : "new");
}

http::Response api_page(const Ctx& c, const ActiveSession& session, const Target& t, int status,
                        const Form* form, const Error* error) {
  const std::string title = t.api ? t.api->name : "New API";
  nlohmann::json view =
      admin_view(c.pages, session, title, "products",
                 {{"Products", std::string(kProductsPath)},
                  {product_label(t.record.product), product_path(t.record.product.id)}});
  Form values = form ? *form : (t.api ? api_form(*t.api) : Form{{"Status", "on"}});
  view["fields"] = fields_view(api_fields(), values, error);
  if (error != nullptr) add_error_to_form(view, *error);
  view["action"] = api_path(t);
  view["api_id"] = t.api ? t.api->api_id : std::string();
  view["button"] = t.api ? "Save API" : "Add API";
  view["cancel"] = product_path(t.record.product.id);
  return html_page(status, c.pages.renderer.render("admin_product_api", view));
}

template <bool kExisting>
http::Response show_api(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto target = target_of(c, request, actor_of(session, request), kExisting);
  if (!target) return error_page(c.pages, request, target.error(), &session);
  return api_page(c, session, *target, 200, nullptr, nullptr);
}

template <bool kExisting>
http::Response save_api(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto target = target_of(c, request, actor, kExisting);
  if (!target) return error_page(c.pages, request, target.error(), &session);
  const Form form = http::parse_query(request.body);
  std::optional<std::string> api_id;
  if (kExisting) api_id = form_value(form, "APIID");
  auto saved = c.products.save_api(actor, target->record.product.id, api_id, api_input(form));
  if (!saved) {
    const Error& e = saved.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kConflict) {
      return error_page(c.pages, request, e, &session);
    }
    return api_page(c, session, *target, http::http_status(e.code), &form, &e);
  }
  return redirect_with_flash(c.pages, session, product_path(target->record.product.id),
                             "API “" + saved->name + "” saved.");
}

http::Response confirm_delete(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto t = target_of(c, request, actor_of(session, request), true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  return confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the API “" + t->api->name + "”?",
                  "Its OpenAPI document goes with it, and keys of this product no "
                  "longer work for its listen path. This cannot be undone.",
                  api_path(*t) + "/delete", "Delete API", product_path(t->record.product.id)});
}

http::Response delete_api(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  const ProductId id = t->record.product.id;
  if (auto removed = c.products.remove_api(actor, id, t->api->api_id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, product_path(id),
                             "API “" + t->api->name + "” deleted.");
}

}  // namespace

void add_product_api_admin_pages(http::Router& router, const AuthPages& pages,
                                 ProductService& products) {
  const Ctx c{pages, products};
  const std::string apis = std::string(kProductsPath) + "/{id}/apis";
  add_owner_page(router, c, "GET", apis + "/new", show_api<false>);
  add_owner_page(router, c, "POST", apis + "/new", save_api<false>);
  add_owner_page(router, c, "GET", apis + "/{n}", show_api<true>);
  add_owner_page(router, c, "POST", apis + "/{n}", save_api<true>);
  add_owner_page(router, c, "GET", apis + "/{n}/delete", confirm_delete);
  add_owner_page(router, c, "POST", apis + "/{n}/delete", delete_api);
}

}  // namespace atrium::web
