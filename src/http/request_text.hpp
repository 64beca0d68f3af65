#pragma once

#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace atrium::http {

// Whether `text` may go on to the domain and the databases: well-formed UTF-8 without NUL
// (PostgreSQL refuses both in text; SQLite would store them).
bool is_clean_text(std::string_view text);

// Checks every text of a routed request once, before its handler runs (DESIGN §8 rule 7): the
// path parameters (percent-decoded), query parameter names and values, header values, and, when
// `form_body` is true, the body's form fields (application/x-www-form-urlencoded, as the pages
// read it). The first one that is not clean text gives kInvalidArgument "request.invalid" with
// a field error naming it ("id", "page", "header user-agent", …; a name that is not clean
// itself is shown escaped, as in the log).
Status check_request_text(const Request& request, bool form_body);

// Whether the dispatcher reads the body of a request for `route_pattern` as a form: pages do
// (src/web parses the body as a form unless it is JSON); the admin API (/portal-api) reads
// JSON only, whose parser refuses malformed UTF-8 itself. An upload (multipart/form-data) is no
// urlencoded form: its file is bytes, and the pages check its text parts when they read them
// (web/common/upload_form.hpp).
bool body_is_form(const Request& request, std::string_view route_pattern);

}  // namespace atrium::http
