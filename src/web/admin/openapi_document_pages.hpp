#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/catalogue/product.hpp"
#include "http/router.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/common/form_fields.hpp"
#include "web/live/auth_pages.hpp"

// What the Admin Portal's pages of a product's APIs (product_api_admin_pages.cpp) and of a
// documentation-only product's specifications (product_spec_admin_pages.cpp) share: their form
// page in the product's frame, and the OpenAPI document each may hold: its part of the page,
// download, upload (the validation's refusal beside the file field) and removal after a
// confirmation step.
namespace atrium::web {

// An API or a specification, as its document's pages need it for one request (the functions may
// refer to that request and its session).
struct DocumentHolder {
  std::string page;          // the holder's page; the document's routes are below it
  std::string label;         // what messages call the holder: “Orders”
  std::string file_stem;     // the download's file name without .json / .yaml
  std::string remove_note;   // what the confirmation step says removing the document does
  std::vector<Crumb> trail;  // the breadcrumbs above the holder's page (Products › the product)
  std::function<Result<ApiDocument>()> load;
  std::function<Status(std::string_view text)> store;
  std::function<Status()> remove;
  // The holder's page again (status `status`) with `upload_error` beside the file field.
  std::function<http::Response(int status, const Error& upload_error)> refused_upload;
};

// The holder a request's path names (kNotFound when it names none).
using DocumentHolderOf =
    std::function<Result<DocumentHolder>(const http::Request&, const ActiveSession&)>;

// The holder's page's document part: `upload` (the form's action), `document` ({format, size,
// uploaded, download, delete}, or false) and, when given, `upload_error` beside the file field.
Status add_document_view(const DocumentHolder& holder, nlohmann::json& view,
                         const Error* upload_error);

// For API Owners: GET `holder_path`/openapi (download), POST …/openapi (upload: the document
// replaces the stored one; a refusal is the holder's page again, nothing stored), GET and POST
// …/openapi/delete (confirm, remove).
void add_openapi_document_pages(http::Router& router, const AuthPages& pages,
                                const std::string& holder_path, DocumentHolderOf holder_of);

// The form page of an API or a specification: the frame (Products › the product › `title`),
// the fields with `values` and `error` beside them (and its summary), and `action`, `button`,
// `cancel` (the product's page).
struct HolderForm {
  const Product& product;
  std::string title;
  std::vector<FieldSpec> fields;
  const Form& values;
  const Error* error = nullptr;
  std::string action;
  std::string button;
};
nlohmann::json holder_form_view(const AuthPages& pages, const ActiveSession& session,
                                const HolderForm& form);

}  // namespace atrium::web
