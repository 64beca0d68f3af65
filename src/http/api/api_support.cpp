#include "http/api/api_support.hpp"

#include <string>
#include <utility>

#include "core/encoding.hpp"
#include "domain/directory/names.hpp"
#include "http/multipart_form.hpp"

namespace atrium::http {

Result<long long> id_param(const Request& request, std::string_view what) {
  return id_param(request, what, "id");
}

Result<long long> id_param(const Request& request, std::string_view what, std::string_view param) {
  long long id = 0;
  if (!parse_numeric_id(request.param(param), id)) {
    return fail(not_found(std::string(what) + ".not_found", std::string(what) + " not found"));
  }
  return id;
}

Result<UploadedFile> uploaded_file(const Request& request,
                                   std::initializer_list<std::string_view> accepted,
                                   std::string_view described) {
  const std::string_view type = request.header("content-type").value_or("");
  if (auto boundary = multipart_boundary(type)) {
    ATRIUM_ASSIGN_OR_RETURN(auto parts, parse_multipart_form(request.body, *boundary));
    for (FormPart& part : parts) {
      if (part.name == "file") return UploadedFile{std::move(part.data), std::move(part.filename)};
    }
    return fail(invalid_argument("request.invalid_fields", "the upload has no \"file\" part",
                                 {{"file", "is required"}}));
  }
  if (accepted.size() == 0) return UploadedFile{request.body, std::nullopt};
  const std::string media = ascii_lower(trim(type.substr(0, type.find(';'))));
  for (std::string_view candidate : accepted) {
    if (media == candidate) return UploadedFile{request.body, std::nullopt};
  }
  return fail(make_error(
      ErrorCode::kUnsupportedMediaType, "request.unsupported_media_type",
      "send the file as multipart/form-data (a \"file\" part) or as " + std::string(described)));
}

// An OpenAPI document: the "file" part of Tyk's multipart form, or the whole body sent as JSON or
// YAML (curl --data-binary @oas.yaml -H 'Content-Type: application/yaml').
Result<UploadedFile> uploaded_openapi(const Request& request) {
  return uploaded_file(
      request,
      {"application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
       "application/vnd.oai.openapi", "application/vnd.oai.openapi+json"},
      "application/json or application/yaml");
}

Result<UploadedFile> uploaded_graphql(const Request& request) {
  return uploaded_file(request, {"application/graphql", "application/json", "text/plain"},
                       "application/graphql or application/json");
}

}  // namespace atrium::http
