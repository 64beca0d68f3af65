#include "web/admin/product_admin_pages.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/field_errors.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/directory/names.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/form_fields.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/product_list_query.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kNewProductPath = "/admin/products/new";

struct Ctx {
  const AuthPages& pages;
  ProductService& products;
  CatalogueService& catalogues;
  ProductDocService& docs;
};

// ---- The form -------------------------------------------------------------------------------

std::vector<FieldSpec> product_fields(const std::vector<FieldOption>& catalogues) {
  using K = FieldKind;
  return {
      {"Name", "Name", "Unique: what the admin API and the audit log call it.", K::kText, 100, {}},
      {"DisplayName", "Display name", "What consumers see. Empty: the name.", K::kText, 100, {}},
      {"Description",
       "Description",
       "A sentence or two, shown on the product's card.",
       K::kTextarea,
       kMaxDescriptionLength,
       {}},
      {"Content",
       "Content",
       "More about the product, on its page (shown as text, never as HTML).",
       K::kTextarea,
       kMaxContentBytes,
       {}},
      {"Path",
       "Path",
       "Its address: /portal/catalogue-products/<path>. a-z, 0-9 and '-'; empty: made from the "
       "name.",
       K::kText,
       100,
       {}},
      {"ReferenceID",
       "Reference ID",
       "Your own identifier for it, for scripts.",
       K::kText,
       kMaxShortTextLength,
       {}},
      {"Tags", "Tags", "Separated by commas: payments, billing.", K::kText, 1000, {}},
      {"Catalogues", "Catalogues", "Consumers see the product through the catalogues it is in.",
       K::kCheckboxes, 0, catalogues},
      {"IsDocumentationOnly",
       "Documentation only: no gateway API behind it",
       "",
       K::kCheckbox,
       0,
       {}},
      {"Feature", "Featured", "", K::kCheckbox, 0, {}},
      {"AuthType",
       "Authentication type",
       "How consumers authenticate: authToken, oauth2, …",
       K::kText,
       kMaxShortTextLength,
       {}},
      {"Scopes", "Scopes", "OAuth scopes, separated by spaces.", K::kText, kMaxShortTextLength, {}},
  };
}

std::string joined_tags(const std::vector<Tag>& tags) {
  std::string out;
  for (const Tag& tag : tags) out.append(out.empty() ? "" : ", ").append(tag.name);
  return out;
}

// The record's values in the form's shape.
Form record_form(const ProductRecord& record) {
  const ProductFields& f = record.product.fields;
  Form form = {{"Name", f.name},
               {"DisplayName", f.display_name},
               {"Description", f.description},
               {"Content", f.content},
               {"Path", f.path},
               {"ReferenceID", f.reference_id},
               {"Tags", joined_tags(record.tags)},
               {"AuthType", f.auth_type},
               {"Scopes", f.scopes}};
  for (const Catalogue& c : record.catalogues)
    form.emplace_back("Catalogues", std::to_string(c.id));
  add_checkbox(form, "IsDocumentationOnly", f.is_documentation_only);
  add_checkbox(form, "Feature", f.feature);
  return form;
}

// "a, b,, c " → {"a", "b", "c"}.
std::vector<std::string> comma_separated(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string_view piece = trim(text.substr(start, end - start));
    if (!piece.empty()) out.emplace_back(piece);
    start = end + 1;
  }
  return out;
}

// What the form sets, every field of it; kInvalidArgument for a catalogue that is no number
// (the service names those that do not exist).
Result<ProductInput> product_input(const Form& form) {
  ProductInput in;
  in.name = form_value(form, "Name");
  // An empty display name is the name (and a missing name is told once, on Name).
  const std::string display = form_value(form, "DisplayName");
  if (!display.empty() || !in.name->empty()) in.display_name = display.empty() ? *in.name : display;
  in.description = form_value(form, "Description");
  in.content = form_value(form, "Content");
  in.path = form_value(form, "Path");
  in.reference_id = form_value(form, "ReferenceID");
  in.tag_names = comma_separated(form_value(form, "Tags"));
  in.auth_type = form_value(form, "AuthType");
  in.scopes = form_value(form, "Scopes");
  in.is_documentation_only = form_value(form, "IsDocumentationOnly") == "on";
  in.feature = form_value(form, "Feature") == "on";
  FieldErrors errors;
  in.catalogues = catalogue_ids(form, errors);
  ATRIUM_TRY(errors.finish("product.invalid"));
  return in;
}

// The form's fields into `view`: `values` refill it, `error` puts messages beside them.
Status add_form(const Ctx& c, const Actor& actor, nlohmann::json& view, const Form& values,
                const Error* error) {
  ATRIUM_ASSIGN_OR_RETURN(auto catalogues, catalogue_options(c.catalogues, actor));
  view["fields"] = fields_view(product_fields(catalogues), values, error);
  if (error != nullptr) add_error_to_form(view, *error);
  return ok();
}

// ---- The list -------------------------------------------------------------------------------

nlohmann::json product_row(const ProductCard& card) {
  const ProductFields& f = card.product.fields;
  std::string catalogues;
  for (const Catalogue& c : card.catalogues) {
    catalogues.append(catalogues.empty() ? "" : ", ").append(c.name);
  }
  return {{"name", product_label(card.product)},
          {"code", f.name},
          {"path", f.path},
          {"href", product_path(card.product.id)},
          {"catalogues", catalogues.empty() ? "none: only owners see it" : catalogues},
          {"tags", joined_tags(card.tags)},
          {"documentation_only", f.is_documentation_only}};
}

http::Response products_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto query = read_product_list_query(request);
  if (!query) return error_page(c.pages, request, query.error(), &session);
  const Actor actor = actor_of(session, request);
  auto list = c.products.search(actor, query->filter, query->page);
  if (!list) return error_page(c.pages, request, list.error(), &session);
  auto filters = c.products.filters(&actor);
  if (!filters) return error_page(c.pages, request, filters.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Products", "products");
  nlohmann::json rows = nlohmann::json::array();
  for (const ProductCard& card : list->items) rows.push_back(product_row(card));
  view["has_products"] = !rows.empty();
  view["products"] = std::move(rows);
  view["total"] = list->total;
  view["filters"] = product_filter_view(*filters, query->filter);
  view["filtered"] = is_filtered(query->filter);
  add_page_links(view, kProductsPath, *query, list->total);
  return html_page(200, c.pages.renderer.render("admin_products", view));
}

// ---- Create ---------------------------------------------------------------------------------

http::Response new_product_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                                int status, const Form& form, const Error* error) {
  nlohmann::json view = admin_view(c.pages, session, "New product", "products",
                                   {{"Products", std::string(kProductsPath)}});
  if (auto added = add_form(c, actor_of(session, request), view, form, error); !added) {
    return error_page(c.pages, request, added.error(), &session);
  }
  return html_page(status, c.pages.renderer.render("admin_product_new", view));
}

http::Response show_new_product(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  return new_product_page(c, request, session, 200, Form{}, nullptr);
}

http::Response create_product(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto input = product_input(form);
  auto created = input ? c.products.create(actor_of(session, request), *input)
                       : Result<ProductRecord>(fail(input.error()));
  if (!created) {
    return form_refused(c.pages, request, session, created.error(), [&](int status, auto* e) {
      return new_product_page(c, request, session, status, form, e);
    });
  }
  return redirect_with_flash(c.pages, session, product_path(created->product.id),
                             "Product “" + product_label(created->product) + "” created.");
}

// ---- One product ----------------------------------------------------------------------------

nlohmann::json apis_view(const ProductRecord& record) {
  nlohmann::json apis = nlohmann::json::array();
  int n = 0;
  for (const ProductApi& api : record.apis) {
    const std::string href = product_path(record.product.id) + "/apis/" + std::to_string(++n);
    apis.push_back({{"name", api.name},
                    {"type", api.api_type},
                    {"listen_path", api.listen_path},
                    {"target_url", api.target_url},
                    {"active", api.status},
                    {"href", href},
                    {"delete", href + "/delete"}});
  }
  return apis;
}

// The product's page: its form (refilled from `form` after a refusal), APIs and actions.
http::Response product_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                            int status, const Form* form, const Error* error) {
  const Actor actor = actor_of(session, request);
  auto found = c.products.get(actor, path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Product& product = found->product;
  nlohmann::json view = admin_view(c.pages, session, product_label(product), "products",
                                   {{"Products", std::string(kProductsPath)}});
  if (auto added = add_form(c, actor, view, form ? *form : record_form(*found), error); !added) {
    return error_page(c.pages, request, added.error(), &session);
  }
  view["action"] = product_path(product.id);
  view["delete"] = product_path(product.id) + "/delete";
  view["apis"] = apis_view(*found);
  view["has_apis"] = !found->apis.empty();
  view["new_api"] = product_path(product.id) + "/apis/new";
  view["live"] = "/portal/catalogue-products/" + product.fields.path;
  auto docs = c.docs.list(actor, product.id);
  if (!docs) return error_page(c.pages, request, docs.error(), &session);
  view["docs_count"] =
      docs->size() == 1 ? std::string("1 page") : std::to_string(docs->size()) + " pages";
  view["docs"] = product_path(product.id) + "/docs";
  nlohmann::json images = nlohmann::json::array();
  for (ProductImageKind kind : {ProductImageKind::kLogo, ProductImageKind::kPreview}) {
    const bool has =
        std::find(found->images.begin(), found->images.end(), kind) != found->images.end();
    const std::string name(to_string(kind));
    images.push_back({{"label", kind == ProductImageKind::kLogo ? "Logo" : "Preview image"},
                      {"has", has},
                      {"src", has ? "/system/products/" + std::to_string(product.id) + "/" + name
                                  : std::string()},
                      {"href", product_path(product.id) + "/images/" + name}});
  }
  view["images"] = std::move(images);
  // A documentation-only product documents its APIs through specifications instead.
  nlohmann::json specs = nlohmann::json::array();
  for (const SpecDetail& spec : found->specs) {
    const std::string href = product_path(product.id) + "/specs/" + std::to_string(spec.id);
    specs.push_back({{"name", spec.fields.name.empty() ? spec.fields.spec_alias : spec.fields.name},
                     {"alias", spec.fields.spec_alias},
                     {"href", href},
                     {"delete", href + "/delete"}});
  }
  view["documentation_only"] = product.fields.is_documentation_only;
  view["has_specs"] = !specs.empty();
  view["specs"] = std::move(specs);
  view["new_spec"] = product_path(product.id) + "/specs/new";
  return html_page(status, c.pages.renderer.render("admin_product", view));
}

http::Response show_product(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return product_page(c, request, session, 200, nullptr, nullptr);
}

http::Response update_product(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  const ProductId id = path_number(request);
  auto input = product_input(form);
  auto updated = input ? c.products.update(actor_of(session, request), id, *input)
                       : Result<ProductRecord>(fail(input.error()));
  if (!updated) {
    return form_refused(c.pages, request, session, updated.error(), [&](int status, auto* e) {
      return product_page(c, request, session, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, product_path(id), "Changes saved.");
}

http::Response confirm_delete(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const ProductId id = path_number(request);
  auto found = c.products.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the product “" + product_label(found->product) + "”?",
                  "Its APIs, OpenAPI documents, documentation pages and images go "
                  "with it, and no catalogue offers it any more. This cannot be "
                  "undone.",
                  product_path(id) + "/delete", "Delete product", product_path(id)},
      "products",
      {{"Products", std::string(kProductsPath)},
       {product_label(found->product), product_path(id)}});
}

http::Response delete_product(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const ProductId id = path_number(request);
  const Actor actor = actor_of(session, request);
  auto found = c.products.get(actor, id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  if (auto removed = c.products.remove(actor, id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, std::string(kProductsPath),
                             "Product “" + product_label(found->product) + "” deleted.");
}

}  // namespace

void add_product_admin_pages(http::Router& router, const AuthPages& pages, ProductService& products,
                             CatalogueService& catalogues, ProductDocService& docs) {
  const Ctx c{pages, products, catalogues, docs};
  const std::string list(kProductsPath);
  add_owner_page(router, c, "GET", list, products_page);
  add_owner_page(router, c, "GET", std::string(kNewProductPath), show_new_product);
  add_owner_page(router, c, "POST", std::string(kNewProductPath), create_product);
  add_owner_page(router, c, "GET", list + "/{id}", show_product);
  add_owner_page(router, c, "POST", list + "/{id}", update_product);
  add_owner_page(router, c, "GET", list + "/{id}/delete", confirm_delete);
  add_owner_page(router, c, "POST", list + "/{id}/delete", delete_product);
}

}  // namespace atrium::web
