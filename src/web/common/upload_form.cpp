#include "web/common/upload_form.hpp"

#include <utility>

#include "http/multipart_form.hpp"
#include "http/request_text.hpp"

namespace atrium::web {

Result<UploadForm> read_upload_form(const http::Request& request) {
  const auto boundary = http::multipart_boundary(request.header("content-type").value_or(""));
  if (!boundary) {
    return fail(invalid_argument("request.invalid_fields", "the form must upload a file",
                                 {{"file", "choose a file to upload"}}));
  }
  ATRIUM_ASSIGN_OR_RETURN(auto parts, http::parse_multipart_form(request.body, *boundary));
  UploadForm form;
  for (http::FormPart& part : parts) {
    if (!part.filename) {
      // The text parts are checked as the dispatcher checks a urlencoded form's fields.
      if (!http::is_clean_text(part.name) || !http::is_clean_text(part.data)) {
        return fail(invalid_argument("request.invalid",
                                     "a form field must be valid UTF-8 without NUL characters"));
      }
      form.fields.emplace_back(std::move(part.name), std::move(part.data));
    } else if (part.name == "file" && !form.file &&
               !(part.filename->empty() && part.data.empty())) {
      // A file input left empty still sends its part, with no name and no bytes.
      form.filename = std::move(*part.filename);
      form.file = std::move(part.data);
    }
  }
  return form;
}

std::string posted_csrf_token(const http::Request& request) {
  if (auto boundary = http::multipart_boundary(request.header("content-type").value_or(""))) {
    auto parts = http::parse_multipart_form(request.body, *boundary);
    if (!parts) return {};
    for (const http::FormPart& part : *parts) {
      if (part.name == "csrf_token" && !part.filename) return part.data;
    }
    return {};
  }
  return form_value(http::parse_query(request.body), "csrf_token");
}

}  // namespace atrium::web
