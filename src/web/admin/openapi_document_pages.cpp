#include "web/admin/openapi_document_pages.hpp"

#include <utility>

#include "http/error_mapping.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/upload_form.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

struct Ctx {
  const AuthPages& pages;
  DocumentHolderOf holder_of;
};

bool is_yaml(const ApiDocument& document) { return document.media_type == "application/yaml"; }

http::Response download_document(const Ctx& c, http::Request& request,
                                 const ActiveSession& session) {
  auto holder = c.holder_of(request, session);
  if (!holder) return error_page(c.pages, request, holder.error(), &session);
  auto document = holder->load();
  if (!document) return error_page(c.pages, request, document.error(), &session);
  http::Response response =
      http::Response::text(200, document->text, document->media_type + "; charset=utf-8");
  response.set_header("Content-Disposition", "attachment; filename=\"" + holder->file_stem +
                                                 (is_yaml(*document) ? ".yaml\"" : ".json\""));
  return response;
}

// Reads the upload (multipart/form-data, the part `file`) and has the holder store it (its
// service checks it is OpenAPI 3 in JSON or YAML).
Status store_document(const http::Request& request, const DocumentHolder& holder) {
  ATRIUM_ASSIGN_OR_RETURN(auto form, read_upload_form(request));
  if (!form.file) {
    return fail(invalid_argument("oas.invalid", "choose a file to upload",
                                 {{"file", "choose an OpenAPI document to upload"}}));
  }
  return holder.store(*form.file);
}

http::Response upload_document(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto holder = c.holder_of(request, session);
  if (!holder) return error_page(c.pages, request, holder.error(), &session);
  if (auto stored = store_document(request, *holder); !stored) {
    const Error& e = stored.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kPayloadTooLarge) {
      return error_page(c.pages, request, e, &session);
    }
    return holder->refused_upload(http::http_status(e.code), e);
  }
  return redirect_with_flash(c.pages, session, holder->page,
                             "OpenAPI document of “" + holder->label + "” uploaded.");
}

http::Response confirm_document_delete(const Ctx& c, http::Request& request,
                                       const ActiveSession& session) {
  auto holder = c.holder_of(request, session);
  if (!holder) return error_page(c.pages, request, holder.error(), &session);
  if (auto document = holder->load(); !document) {
    return error_page(c.pages, request, document.error(), &session);
  }
  std::vector<Crumb> trail = holder->trail;
  trail.push_back({holder->label, holder->page});
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Remove the OpenAPI document of “" + holder->label + "”?", holder->remove_note,
                  holder->page + "/openapi/delete", "Remove document", holder->page},
      "products", trail);
}

http::Response delete_document(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto holder = c.holder_of(request, session);
  if (!holder) return error_page(c.pages, request, holder.error(), &session);
  if (auto removed = holder->remove(); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, holder->page,
                             "OpenAPI document of “" + holder->label + "” removed.");
}

}  // namespace

Status add_document_view(const DocumentHolder& holder, nlohmann::json& view,
                         const Error* upload_error) {
  view["upload"] = holder.page + "/openapi";
  auto document = holder.load();
  if (document) {
    view["document"] = {{"format", is_yaml(*document) ? "YAML" : "JSON"},
                        {"size", byte_size_text(document->text.size())},
                        {"uploaded", time_view(document->updated_at)},
                        {"download", holder.page + "/openapi"},
                        {"delete", holder.page + "/openapi/delete"}};
  } else if (document.error().code == ErrorCode::kNotFound) {
    view["document"] = false;
  } else {
    return fail(document.error());
  }
  if (upload_error != nullptr) add_error_to_form(view, *upload_error);
  return ok();
}

void add_openapi_document_pages(http::Router& router, const AuthPages& pages,
                                const std::string& holder_path, DocumentHolderOf holder_of) {
  const Ctx c{pages, std::move(holder_of)};
  add_owner_page(router, c, "GET", holder_path + "/openapi", download_document);
  add_owner_page(router, c, "POST", holder_path + "/openapi", upload_document);
  add_owner_page(router, c, "GET", holder_path + "/openapi/delete", confirm_document_delete);
  add_owner_page(router, c, "POST", holder_path + "/openapi/delete", delete_document);
}

nlohmann::json holder_form_view(const AuthPages& pages, const ActiveSession& session,
                                const HolderForm& form) {
  nlohmann::json view =
      admin_view(pages, session, form.title, "products", product_crumbs(form.product));
  view["fields"] = fields_view(form.fields, form.values, form.error);
  if (form.error != nullptr) add_error_to_form(view, *form.error);
  view["action"] = form.action;
  view["button"] = form.button;
  view["cancel"] = product_path(form.product.id);
  return view;
}

}  // namespace atrium::web
