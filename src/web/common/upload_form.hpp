#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/request.hpp"
#include "web/common/page_support.hpp"

// Forms that upload a file (`enctype="multipart/form-data"`: product images, OpenAPI
// documents). The text parts read as a Form, as a urlencoded form's fields do; the file is the
// part named `file`.
namespace atrium::web {

struct UploadForm {
  Form fields;                      // the parts without a file name (csrf_token, …)
  std::optional<std::string> file;  // the `file` part's bytes; none when no file was chosen
  std::string filename;             // as the browser names it ("" without one)
};

// kInvalidArgument naming the problem for a body that is not multipart/form-data, does not
// follow its format (http/multipart_form.hpp), or has a text part that is not clean text (UTF-8
// without NUL, as http::check_request_text asks of urlencoded fields).
Result<UploadForm> read_upload_form(const http::Request& request);

// The CSRF token a POST carries: the `csrf_token` field of a urlencoded body, or the part of that
// name of a multipart/form-data one; "" when there is none.
std::string posted_csrf_token(const http::Request& request);

}  // namespace atrium::web
