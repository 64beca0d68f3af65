// The specifications of a documentation-only product in the Admin Portal (Tyk's SpecDetails: an
// API documented without a gateway API behind it): add, edit (SpecAlias, Name, OASUrl) and delete
// one, and its OpenAPI document (upload with the validation's refusal beside the file field,
// download, remove). Through SpecDetailService, as /portal-api/products/{id}/spec-details.
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
#include "web/common/upload_form.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

struct Ctx {
  const AuthPages& pages;
  ProductService& products;
  SpecDetailService& specs;
};

std::vector<FieldSpec> spec_fields() {
  using K = FieldKind;
  return {
      {"SpecAlias",
       "Spec alias",
       "Unique within the product: what scripts call this specification.",
       K::kText,
       kMaxShortTextLength,
       {}},
      {"Name", "Name", "What consumers see. Empty: the spec alias.", K::kText, 100, {}},
      {"OASUrl",
       "OpenAPI URL",
       "Where the document is published elsewhere, if it is (an http(s) URL).",
       K::kText,
       kMaxShortTextLength,
       {}},
  };
}

Form spec_form(const SpecDetail& spec) {
  return {{"SpecAlias", spec.fields.spec_alias},
          {"Name", spec.fields.name},
          {"OASUrl", spec.fields.oas_url}};
}

SpecDetailInput spec_input(const Form& form) {
  SpecDetailInput in;
  in.spec_alias = form_value(form, "SpecAlias");
  const std::string name = form_value(form, "Name");
  in.name = name.empty() ? *in.spec_alias : name;
  in.oas_url = form_value(form, "OASUrl");
  return in;
}

// The product and, for a path with {spec}, that specification; kNotFound for either missing.
struct Target {
  ProductRecord record;
  std::optional<SpecDetail> spec;  // none: a new one
};

Result<Target> target_of(const Ctx& c, const http::Request& request, const Actor& actor,
                         bool existing) {
  ATRIUM_ASSIGN_OR_RETURN(auto record, c.products.get(actor, path_number(request)));
  Target target{std::move(record), std::nullopt};
  if (!existing) return target;
  ATRIUM_ASSIGN_OR_RETURN(
      auto spec, c.specs.get(actor, target.record.product.id, path_number(request, "spec")));
  target.spec = std::move(spec);
  return target;
}

std::string spec_path(const Target& t) {
  return product_path(t.record.product.id) + "/specs/" +
         (t.spec ? std::to_string(t.spec->id) : "new");
}

std::string spec_label(const SpecDetail& spec) {
  return spec.fields.name.empty() ? spec.fields.spec_alias : spec.fields.name;
}

// What is stored of the specification's OpenAPI document (`document`), or false.
Status add_document_view(const Ctx& c, const Actor& actor, nlohmann::json& view, const Target& t) {
  auto document = c.specs.document(actor, t.record.product.id, t.spec->id, DocumentKind::kOpenApi);
  if (!document) {
    if (document.error().code != ErrorCode::kNotFound) return fail(document.error());
    view["document"] = false;
    return ok();
  }
  view["document"] = {{"format", document->media_type == "application/yaml" ? "YAML" : "JSON"},
                      {"size", byte_size_text(document->text.size())},
                      {"uploaded", time_view(document->updated_at)},
                      {"download", spec_path(t) + "/openapi"},
                      {"delete", spec_path(t) + "/openapi/delete"}};
  return ok();
}

http::Response spec_page(const Ctx& c, const http::Request& request, const ActiveSession& session,
                         const Target& t, int status, const Form* form, const Error* error,
                         const Error* upload_error = nullptr) {
  const ProductId id = t.record.product.id;
  nlohmann::json view =
      admin_view(c.pages, session, t.spec ? spec_label(*t.spec) : "New specification", "products",
                 {{"Products", std::string(kProductsPath)},
                  {product_label(t.record.product), product_path(id)}});
  const Form values = form != nullptr ? *form : (t.spec ? spec_form(*t.spec) : Form{});
  view["fields"] = fields_view(spec_fields(), values, error);
  if (error != nullptr) add_error_to_form(view, *error);
  view["action"] = spec_path(t);
  view["button"] = t.spec ? "Save specification" : "Add specification";
  view["cancel"] = product_path(id);
  if (t.spec) {
    view["upload"] = spec_path(t) + "/openapi";
    view["delete"] = spec_path(t) + "/delete";
    if (auto added = add_document_view(c, actor_of(session, request), view, t); !added) {
      return error_page(c.pages, request, added.error(), &session);
    }
    if (upload_error != nullptr) add_error_to_form(view, *upload_error);
  }
  return html_page(status, c.pages.renderer.render("admin_product_spec", view));
}

template <bool kExisting>
http::Response show_spec(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto t = target_of(c, request, actor_of(session, request), kExisting);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  return spec_page(c, request, session, *t, 200, nullptr, nullptr);
}

template <bool kExisting>
http::Response save_spec(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, kExisting);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  const Form form = http::parse_query(request.body);
  const ProductId id = t->record.product.id;
  auto saved = kExisting ? c.specs.update(actor, id, t->spec->id, spec_input(form))
                         : c.specs.create(actor, id, spec_input(form));
  if (!saved) {
    return form_refused(c.pages, request, session, saved.error(), [&](int status, auto* e) {
      return spec_page(c, request, session, *t, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session,
                             product_path(id) + "/specs/" + std::to_string(saved->id),
                             "Specification “" + spec_label(*saved) + "” saved.");
}

http::Response confirm_spec_delete(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  auto t = target_of(c, request, actor_of(session, request), true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  return confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the specification “" + spec_label(*t->spec) + "”?",
                  "Its OpenAPI document goes with it, and the product's page no "
                  "longer shows its reference. This cannot be undone.",
                  spec_path(*t) + "/delete", "Delete specification", spec_path(*t)});
}

http::Response delete_spec(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  const ProductId id = t->record.product.id;
  if (auto removed = c.specs.remove(actor, id, t->spec->id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, product_path(id),
                             "Specification “" + spec_label(*t->spec) + "” deleted.");
}

// ---- The OpenAPI document ------------------------------------------------------------------

http::Response download_document(const Ctx& c, http::Request& request,
                                 const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  auto document =
      c.specs.document(actor, t->record.product.id, t->spec->id, DocumentKind::kOpenApi);
  if (!document) return error_page(c.pages, request, document.error(), &session);
  const bool yaml = document->media_type == "application/yaml";
  http::Response response =
      http::Response::text(200, document->text, document->media_type + "; charset=utf-8");
  response.set_header("Content-Disposition", "attachment; filename=\"" +
                                                 safe_file_name(t->record.product.fields.path) +
                                                 "-" + safe_file_name(t->spec->fields.spec_alias) +
                                                 (yaml ? ".yaml\"" : ".json\""));
  return response;
}

Status store_document(const Ctx& c, const http::Request& request, const Actor& actor,
                      const Target& t) {
  ATRIUM_ASSIGN_OR_RETURN(auto form, read_upload_form(request));
  if (!form.file) {
    return fail(invalid_argument("oas.invalid", "choose a file to upload",
                                 {{"file", "choose an OpenAPI document to upload"}}));
  }
  ATRIUM_TRY(c.specs.upload_document(actor, t.record.product.id, t.spec->id, DocumentKind::kOpenApi,
                                     *form.file, false));
  return ok();
}

// POST …/specs/{spec}/openapi: as for an API's document (product_api_admin_pages.cpp).
http::Response upload_document(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  if (auto stored = store_document(c, request, actor, *t); !stored) {
    const Error& e = stored.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kPayloadTooLarge) {
      return error_page(c.pages, request, e, &session);
    }
    return spec_page(c, request, session, *t, http::http_status(e.code), nullptr, nullptr, &e);
  }
  return redirect_with_flash(c.pages, session, spec_path(*t),
                             "OpenAPI document of “" + spec_label(*t->spec) + "” uploaded.");
}

http::Response confirm_document_delete(const Ctx& c, http::Request& request,
                                       const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  auto document =
      c.specs.document(actor, t->record.product.id, t->spec->id, DocumentKind::kOpenApi);
  if (!document) return error_page(c.pages, request, document.error(), &session);
  return confirm_page(
      c.pages, session,
      ConfirmStep{"Remove the OpenAPI document of “" + spec_label(*t->spec) + "”?",
                  "The product's page no longer shows its reference or offers "
                  "its download. The specification itself stays.",
                  spec_path(*t) + "/openapi/delete", "Remove document", spec_path(*t)});
}

http::Response delete_document(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor, true);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  if (auto removed = c.specs.remove_document(actor, t->record.product.id, t->spec->id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, spec_path(*t),
                             "OpenAPI document of “" + spec_label(*t->spec) + "” removed.");
}

}  // namespace

void add_product_spec_admin_pages(http::Router& router, const AuthPages& pages,
                                  ProductService& products, SpecDetailService& specs) {
  const Ctx c{pages, products, specs};
  const std::string base = std::string(kProductsPath) + "/{id}/specs";
  add_owner_page(router, c, "GET", base + "/new", show_spec<false>);
  add_owner_page(router, c, "POST", base + "/new", save_spec<false>);
  add_owner_page(router, c, "GET", base + "/{spec}", show_spec<true>);
  add_owner_page(router, c, "POST", base + "/{spec}", save_spec<true>);
  add_owner_page(router, c, "GET", base + "/{spec}/delete", confirm_spec_delete);
  add_owner_page(router, c, "POST", base + "/{spec}/delete", delete_spec);
  add_owner_page(router, c, "GET", base + "/{spec}/openapi", download_document);
  add_owner_page(router, c, "POST", base + "/{spec}/openapi", upload_document);
  add_owner_page(router, c, "GET", base + "/{spec}/openapi/delete", confirm_document_delete);
  add_owner_page(router, c, "POST", base + "/{spec}/openapi/delete", delete_document);
}

}  // namespace atrium::web
