#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

// multipart/form-data bodies (RFC 7578), as Tyk's clients upload files: the parts with their
// field name, file name, content type and bytes. Strict: a body that does not follow the format
// is refused with a 400 naming the problem, never read halfway.
namespace atrium::http {

struct FormPart {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;  // "" when the part names none
  std::string data;
};

// The boundary parameter of a multipart/form-data Content-Type; nullopt for any other type.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Every part of `body`, in order.
Result<std::vector<FormPart>> parse_multipart_form(std::string_view body,
                                                   std::string_view boundary);

}  // namespace atrium::http
