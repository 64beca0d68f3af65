#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

// What the admin API's routes share.
namespace atrium::http {

// The numeric {id} of the path; kNotFound "<what>.not_found" when it is not a number.
Result<long long> id_param(const Request& request, std::string_view what);
// The same for the path parameter `param` (e.g. "audience_id").
Result<long long> id_param(const Request& request, std::string_view what, std::string_view param);

// An uploaded file: the "file" part of a multipart/form-data body (Tyk's clients), or the whole
// body sent with one of the `accepted` media types (any type when `accepted` is empty: the bytes
// decide, as for images). Another type is 415 naming what is accepted (`described`).
struct UploadedFile {
  std::string data;
  std::optional<std::string> filename;  // as the multipart part names it
};
Result<UploadedFile> uploaded_file(const Request& request,
                                   std::initializer_list<std::string_view> accepted,
                                   std::string_view described);

// The uploads of OpenAPI documents (JSON or YAML types) and GraphQL schemas (application/graphql,
// application/json or text/plain).
Result<UploadedFile> uploaded_openapi(const Request& request);
Result<UploadedFile> uploaded_graphql(const Request& request);

}  // namespace atrium::http
