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

DocumentHolder document_holder(const Ctx& c, const http::Request& request,
                               const ActiveSession& session, const Target& t);

http::Response spec_page(const Ctx& c, const http::Request& request, const ActiveSession& session,
                         const Target& t, int status, const Form* form, const Error* error,
                         const Error* upload_error = nullptr) {
  const Form values = form != nullptr ? *form : (t.spec ? spec_form(*t.spec) : Form{});
  nlohmann::json view = holder_form_view(
      c.pages, session,
      {t.record.product, t.spec ? spec_label(*t.spec) : "New specification", spec_fields(), values,
       error, spec_path(t), t.spec ? "Save specification" : "Add specification"});
  if (t.spec) {
    view["delete"] = spec_path(t) + "/delete";
    const DocumentHolder holder = document_holder(c, request, session, t);
    if (auto added = add_document_view(holder, view, upload_error); !added) {
      return error_page(c.pages, request, added.error(), &session);
    }
  }
  return html_page(status, c.pages.renderer.render("admin_product_spec", view));
}

// The specification's OpenAPI document, for the pages of openapi_document_pages.hpp.
DocumentHolder document_holder(const Ctx& c, const http::Request& request,
                               const ActiveSession& session, const Target& t) {
  const Actor actor = actor_of(session, request);
  const ProductId id = t.record.product.id;
  const SpecId spec = t.spec->id;
  return {
      spec_path(t),
      spec_label(*t.spec),
      safe_file_name(t.record.product.fields.path) + "-" +
          safe_file_name(t.spec->fields.spec_alias),
      "The product's page no longer shows its reference or offers its download. The "
      "specification itself stays.",
      product_crumbs(t.record.product),
      [c, actor, id, spec] { return c.specs.document(actor, id, spec, DocumentKind::kOpenApi); },
      [c, actor, id, spec](std::string_view text) -> Status {
        ATRIUM_TRY(c.specs.upload_document(actor, id, spec, DocumentKind::kOpenApi, text, false));
        return ok();
      },
      [c, actor, id, spec] { return c.specs.remove_document(actor, id, spec); },
      [c, &request, &session, t](int status, const Error& upload_error) {
        return spec_page(c, request, session, t, status, nullptr, nullptr, &upload_error);
      }};
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
  std::vector<Crumb> trail = product_crumbs(t->record.product);
  trail.push_back({spec_label(*t->spec), spec_path(*t)});
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the specification “" + spec_label(*t->spec) + "”?",
                  "Its OpenAPI document goes with it, and the product's page no "
                  "longer shows its reference. This cannot be undone.",
                  spec_path(*t) + "/delete", "Delete specification", spec_path(*t)},
      "products", trail);
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
  add_openapi_document_pages(
      router, pages, base + "/{spec}",
      [c](const http::Request& request, const ActiveSession& session) -> Result<DocumentHolder> {
        ATRIUM_ASSIGN_OR_RETURN(auto t, target_of(c, request, actor_of(session, request), true));
        return document_holder(c, request, session, t);
      });
}

}  // namespace atrium::web
