// The APIs of a product in the Admin Portal: add, edit and delete one, through ProductService
// (save_api, remove_api), and its OpenAPI document (upload_api_document: upload with the
// validation's refusal beside the file field, download, remove). An API's page is
// /admin/products/{id}/apis/{n}, n its place (1-based); the form carries its APIID, so that a
// change meets the API it was made for.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/content_checks.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/openapi_document_pages.hpp"
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

DocumentHolder document_holder(const Ctx& c, const http::Request& request,
                               const ActiveSession& session, const Target& t);

http::Response api_page(const Ctx& c, const http::Request& request, const ActiveSession& session,
                        const Target& t, int status, const Form* form, const Error* error,
                        const Error* upload_error = nullptr) {
  const Form values = form ? *form : (t.api ? api_form(*t.api) : Form{{"Status", "on"}});
  nlohmann::json view =
      holder_form_view(c.pages, session,
                       {t.record.product, t.api ? t.api->name : "New API", api_fields(), values,
                        error, api_path(t), t.api ? "Save API" : "Add API"});
  view["api_id"] = t.api ? t.api->api_id : std::string();
  if (t.api) {
    const DocumentHolder holder = document_holder(c, request, session, t);
    if (auto added = add_document_view(holder, view, upload_error); !added) {
      return error_page(c.pages, request, added.error(), &session);
    }
  }
  return html_page(status, c.pages.renderer.render("admin_product_api", view));
}

// The API's OpenAPI document, for the pages of openapi_document_pages.hpp.
DocumentHolder document_holder(const Ctx& c, const http::Request& request,
                               const ActiveSession& session, const Target& t) {
  const Actor actor = actor_of(session, request);
  const ProductId id = t.record.product.id;
  const std::string api_id = t.api->api_id;
  return {api_path(t),
          t.api->name,
          safe_file_name(t.record.product.fields.path) + "-" + std::to_string(t.n),
          "The product's page no longer shows this API's reference or offers its download. The "
          "API itself stays.",
          product_crumbs(t.record.product),
          [c, actor, id, api_id] { return c.products.api_document(actor, id, api_id); },
          [c, actor, id, api_id](std::string_view text) -> Status {
            ATRIUM_TRY(c.products.upload_api_document(actor, id, api_id, text));
            return ok();
          },
          [c, actor, id, api_id] { return c.products.remove_api_document(actor, id, api_id); },
          [c, &request, &session, t](int status, const Error& upload_error) {
            return api_page(c, request, session, t, status, nullptr, nullptr, &upload_error);
          }};
}

template <bool kExisting>
http::Response show_api(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto target = target_of(c, request, actor_of(session, request), kExisting);
  if (!target) return error_page(c.pages, request, target.error(), &session);
  return api_page(c, request, session, *target, 200, nullptr, nullptr);
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
    return form_refused(c.pages, request, session, saved.error(), [&](int status, auto* e) {
      return api_page(c, request, session, *target, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, product_path(target->record.product.id),
                             "API “" + saved->name + "” saved.");
}

http::Response confirm_delete(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto t = target_of(c, request, actor_of(session, request), true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  std::vector<Crumb> trail = product_crumbs(t->record.product);
  trail.push_back({t->api->name, api_path(*t)});
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the API “" + t->api->name + "”?",
                  "Its OpenAPI document goes with it, and keys of this product no "
                  "longer work for its listen path. This cannot be undone.",
                  api_path(*t) + "/delete", "Delete API", product_path(t->record.product.id)},
      "products", trail);
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
  add_openapi_document_pages(
      router, pages, apis + "/{n}",
      [c](const http::Request& request, const ActiveSession& session) -> Result<DocumentHolder> {
        ATRIUM_ASSIGN_OR_RETURN(auto t, target_of(c, request, actor_of(session, request), true));
        return document_holder(c, request, session, t);
      });
}

}  // namespace atrium::web
