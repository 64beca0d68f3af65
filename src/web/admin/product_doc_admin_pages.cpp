// A product's documentation pages in the Admin Portal (the docs editor): the pages in their
// order with "Move up" / "Move down", a page's form (Markdown, with a preview of what is saved
// rendered as the Live Portal renders it), new page, delete after a confirmation step. Through
// ProductDocService, as /portal-api/products/{id}/docs, so each change is audited.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/catalogue/content_checks.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/product_admin_pages.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/form_fields.hpp"
#include "web/common/html.hpp"
#include "web/common/markdown.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

struct Ctx {
  const AuthPages& pages;
  ProductService& products;
  ProductDocService& docs;
};

std::string docs_path(ProductId product) { return product_path(product) + "/docs"; }
std::string doc_path(ProductId product, ProductDocId doc) {
  return docs_path(product) + "/" + std::to_string(doc);
}

std::string_view status_text(DocStatus status) {
  switch (status) {
    case DocStatus::kPublished:
      return "Published";
    case DocStatus::kDraft:
      return "Draft";
    case DocStatus::kReview:
      return "In review";
  }
  return "Published";
}

std::vector<FieldSpec> doc_fields() {
  using K = FieldKind;
  return {
      {"Title", "Title", "", K::kText, 100, {}},
      {"Path",
       "Path",
       "Its anchor on the product's page: a-z, 0-9 and '-'; empty: made from the title.",
       K::kText,
       100,
       {}},
      {"Lede", "Lede", "A sentence shown above the page.", K::kText, kMaxDescriptionLength, {}},
      {"Content",
       "Content",
       "Markdown (GitHub flavour: tables, task lists, autolinks); raw HTML is left out.",
       K::kTextarea,
       kMaxDocBytes,
       {},
       18},
      {"Status",
       "Status",
       "Only published pages show on the product's page.",
       K::kSelect,
       0,
       {{"published", "Published"}, {"draft", "Draft"}, {"review", "In review"}}},
      {"MarkdownEnabled", "Markdown (otherwise shown as plain text)", "", K::kCheckbox, 0, {}},
  };
}

Form doc_form(const ProductDoc& doc) {
  const ProductDocFields& f = doc.fields;
  Form form = {{"Title", f.title},
               {"Path", f.path},
               {"Lede", f.lede},
               {"Content", f.content},
               {"Status", std::string(to_string(f.status))}};
  add_checkbox(form, "MarkdownEnabled", f.markdown);
  return form;
}

// Every field of the form: a save sets them all.
ProductDocInput doc_input(const Form& form) {
  ProductDocInput in;
  in.title = form_value(form, "Title");
  in.path = form_value(form, "Path");
  in.lede = form_value(form, "Lede");
  in.content = form_value(form, "Content");
  in.status = form_value(form, "Status");
  in.markdown = form_value(form, "MarkdownEnabled") == "on";
  return in;
}

ProductDocId doc_id(const http::Request& request) { return path_number(request, "doc"); }

// ---- The list -------------------------------------------------------------------------------

http::Response docs_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto record = c.products.get(actor, path_number(request));
  if (!record) return error_page(c.pages, request, record.error(), &session);
  const ProductId id = record->product.id;
  auto docs = c.docs.list(actor, id);
  if (!docs) return error_page(c.pages, request, docs.error(), &session);
  nlohmann::json view =
      admin_view(c.pages, session, "Documentation", "products", product_crumbs(record->product));
  view["product"] = product_label(record->product);
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < docs->size(); ++i) {
    const ProductDoc& doc = (*docs)[i];
    const std::string href = doc_path(id, doc.id);
    rows.push_back({{"position", i + 1},
                    {"title", doc.fields.title},
                    {"path", doc.fields.path},
                    {"status", status_text(doc.fields.status)},
                    {"published", doc.fields.status == DocStatus::kPublished},
                    {"updated", time_view(doc.updated_at)},
                    {"href", href},
                    {"move", href + "/move"},
                    {"up", i > 0},
                    {"down", i + 1 < docs->size()},
                    {"delete", href + "/delete"}});
  }
  view["has_docs"] = !rows.empty();
  view["docs"] = std::move(rows);
  view["new_doc"] = docs_path(id) + "/new";
  view["back"] = product_path(id);
  return html_page(200, c.pages.renderer.render("admin_product_docs", view));
}

// POST …/docs/{doc}/move, `direction` up or down: swaps the page with its neighbour.
http::Response move_doc(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  const ProductId id = path_number(request);
  auto docs = c.docs.list(actor, id);
  if (!docs) return error_page(c.pages, request, docs.error(), &session);
  std::vector<ProductDocId> order;
  std::size_t at = docs->size();
  for (const ProductDoc& doc : *docs) {
    if (doc.id == doc_id(request)) at = order.size();
    order.push_back(doc.id);
  }
  if (at == docs->size()) {
    return error_page(c.pages, request, not_found("doc.not_found", "no such page"), &session);
  }
  const std::string direction = form_value(http::parse_query(request.body), "direction");
  if (direction != "up" && direction != "down") {
    return error_page(c.pages, request,
                      invalid_argument("doc.invalid", "direction must be up or down",
                                       {{"direction", "must be up or down"}}),
                      &session);
  }
  const bool up = direction == "up";
  if ((up && at == 0) || (!up && at + 1 == order.size())) {
    return redirect_with_flash(
        c.pages, session, docs_path(id),
        "“" + (*docs)[at].fields.title + "” is already " + (up ? "first." : "last."), "info");
  }
  std::swap(order[at], order[up ? at - 1 : at + 1]);
  if (auto moved = c.docs.reorder(actor, id, order); !moved) {
    return error_page(c.pages, request, moved.error(), &session);
  }
  return redirect_with_flash(c.pages, session, docs_path(id),
                             "“" + (*docs)[at].fields.title + "” moved " + direction + ".");
}

// ---- One page -------------------------------------------------------------------------------

// The form of a new page (`doc` null) or of `doc`, refilled from `form` after a refusal.
http::Response doc_page(const Ctx& c, const ActiveSession& session, const ProductRecord& record,
                        const ProductDoc* doc, int status, const Form* form, const Error* error) {
  const ProductId id = record.product.id;
  std::vector<Crumb> trail = product_crumbs(record.product);
  trail.push_back({"Documentation", docs_path(id)});
  nlohmann::json view = admin_view(
      c.pages, session, doc != nullptr ? doc->fields.title : "New page", "products", trail);
  Form values =
      form != nullptr ? *form : (doc != nullptr ? doc_form(*doc) : Form{{"MarkdownEnabled", "on"}});
  view["fields"] = fields_view(doc_fields(), values, error);
  if (error != nullptr) add_error_to_form(view, *error);
  view["action"] = doc != nullptr ? doc_path(id, doc->id) : docs_path(id) + "/new";
  view["button"] = doc != nullptr ? "Save page" : "Create page";
  view["cancel"] = docs_path(id);
  if (doc != nullptr) {
    view["delete"] = doc_path(id, doc->id) + "/delete";
    view["status"] = status_text(doc->fields.status);
    view["updated"] = time_view(doc->updated_at);
    // The saved page as readers see it (the Live Portal renders it the same way).
    view["preview"] = true;
    if (doc->fields.markdown) {
      view["markdown_html"] = render_markdown(doc->fields.content);
    } else {
      view["text"] = doc->fields.content;
    }
  }
  return html_page(status, c.pages.renderer.render("admin_product_doc", view));
}

http::Response show_new_doc(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto record = c.products.get(actor_of(session, request), path_number(request));
  if (!record) return error_page(c.pages, request, record.error(), &session);
  return doc_page(c, session, *record, nullptr, 200, nullptr, nullptr);
}

http::Response create_doc(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto record = c.products.get(actor, path_number(request));
  if (!record) return error_page(c.pages, request, record.error(), &session);
  const Form form = http::parse_query(request.body);
  auto created = c.docs.create(actor, record->product.id, doc_input(form));
  if (!created) {
    return form_refused(c.pages, request, session, created.error(), [&](int status, auto* e) {
      return doc_page(c, session, *record, nullptr, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, doc_path(record->product.id, created->id),
                             "Page “" + created->fields.title + "” created.");
}

http::Response show_doc(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto record = c.products.get(actor, path_number(request));
  if (!record) return error_page(c.pages, request, record.error(), &session);
  auto doc = c.docs.get(actor, record->product.id, doc_id(request));
  if (!doc) return error_page(c.pages, request, doc.error(), &session);
  return doc_page(c, session, *record, &*doc, 200, nullptr, nullptr);
}

http::Response update_doc(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto record = c.products.get(actor, path_number(request));
  if (!record) return error_page(c.pages, request, record.error(), &session);
  auto doc = c.docs.get(actor, record->product.id, doc_id(request));
  if (!doc) return error_page(c.pages, request, doc.error(), &session);
  const Form form = http::parse_query(request.body);
  auto updated = c.docs.update(actor, record->product.id, doc->id, doc_input(form));
  if (!updated) {
    return form_refused(c.pages, request, session, updated.error(), [&](int status, auto* e) {
      return doc_page(c, session, *record, &*doc, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, doc_path(record->product.id, doc->id),
                             "Page “" + updated->fields.title + "” saved.");
}

http::Response confirm_doc_delete(const Ctx& c, http::Request& request,
                                  const ActiveSession& session) {
  const ProductId id = path_number(request);
  auto doc = c.docs.get(actor_of(session, request), id, doc_id(request));
  if (!doc) return error_page(c.pages, request, doc.error(), &session);
  auto record = c.products.get(actor_of(session, request), id);
  if (!record) return error_page(c.pages, request, record.error(), &session);
  std::vector<Crumb> trail = product_crumbs(record->product);
  trail.push_back({"Documentation", docs_path(id)});
  trail.push_back({doc->fields.title, doc_path(id, doc->id)});
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the page “" + doc->fields.title + "”?",
                  "Readers of the product no longer see it. This cannot be undone.",
                  doc_path(id, doc->id) + "/delete", "Delete page", doc_path(id, doc->id)},
      "products", trail);
}

http::Response delete_doc(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  const ProductId id = path_number(request);
  auto doc = c.docs.get(actor, id, doc_id(request));
  if (!doc) return error_page(c.pages, request, doc.error(), &session);
  if (auto removed = c.docs.remove(actor, id, doc->id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, docs_path(id),
                             "Page “" + doc->fields.title + "” deleted.");
}

}  // namespace

void add_product_doc_admin_pages(http::Router& router, const AuthPages& pages,
                                 ProductService& products, ProductDocService& docs) {
  const Ctx c{pages, products, docs};
  const std::string base = std::string(kProductsPath) + "/{id}/docs";
  add_owner_page(router, c, "GET", base, docs_page);
  add_owner_page(router, c, "GET", base + "/new", show_new_doc);
  add_owner_page(router, c, "POST", base + "/new", create_doc);
  add_owner_page(router, c, "GET", base + "/{doc}", show_doc);
  add_owner_page(router, c, "POST", base + "/{doc}", update_doc);
  add_owner_page(router, c, "POST", base + "/{doc}/move", move_doc);
  add_owner_page(router, c, "GET", base + "/{doc}/delete", confirm_doc_delete);
  add_owner_page(router, c, "POST", base + "/{doc}/delete", delete_doc);
}

}  // namespace atrium::web
