#include "http/multipart_form.hpp"

#include "core/encoding.hpp"

namespace atrium::http {

namespace {

constexpr std::size_t kMaxParts = 32;

Error malformed(const std::string& what) {
  return invalid_argument("request.malformed_multipart", "malformed multipart body: " + what);
}

// The value of parameter `name` in a header value such as `form-data; name="file"`.
std::optional<std::string> parameter(std::string_view value, std::string_view name) {
  std::size_t at = 0;
  while ((at = value.find(';', at)) != std::string_view::npos) {
    ++at;
    std::string_view rest = trim(value.substr(at));
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos || !ascii_iequals(trim(rest.substr(0, eq)), name)) continue;
    std::string_view v = trim(rest.substr(eq + 1));
    if (!v.empty() && v.front() == '"') {
      const std::size_t close = v.find('"', 1);
      if (close == std::string_view::npos) return std::nullopt;
      return std::string(v.substr(1, close - 1));
    }
    return std::string(v.substr(0, v.find(';')));
  }
  return std::nullopt;
}

// The headers of one part (up to the blank line), into `part`.
Status read_part_headers(std::string_view headers, FormPart& part) {
  bool disposition = false;
  std::size_t start = 0;
  while (start < headers.size()) {
    std::size_t end = headers.find("\r\n", start);
    if (end == std::string_view::npos) end = headers.size();
    const std::string_view line = headers.substr(start, end - start);
    start = end + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail(malformed("a part header has no ':'"));
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (ascii_iequals(name, "content-disposition")) {
      if (!ascii_iequals(trim(value.substr(0, value.find(';'))), "form-data")) {
        return fail(malformed("a part is not form-data"));
      }
      auto field = parameter(value, "name");
      if (!field) return fail(malformed("a part has no name"));
      part.name = std::move(*field);
      part.filename = parameter(value, "filename");
      disposition = true;
    } else if (ascii_iequals(name, "content-type")) {
      part.content_type = std::string(value);
    }
  }
  if (!disposition) return fail(malformed("a part has no Content-Disposition"));
  return ok();
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  if (!ascii_iequals(type, "multipart/form-data")) return std::nullopt;
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  return boundary;
}

Result<std::vector<FormPart>> parse_multipart_form(std::string_view body,
                                                   std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  if (body.substr(0, delimiter.size()) != delimiter) {
    return fail(malformed("it does not start with the boundary"));
  }
  std::vector<FormPart> parts;
  std::size_t at = delimiter.size();
  const std::string next = "\r\n" + delimiter;
  while (true) {
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return fail(malformed("a boundary is not followed by CRLF"));
    at += 2;
    const std::size_t blank = body.find("\r\n\r\n", at);
    if (blank == std::string_view::npos) return fail(malformed("a part's headers do not end"));
    FormPart part;
    ATRIUM_TRY(read_part_headers(body.substr(at, blank - at), part));
    const std::size_t data = blank + 4;
    const std::size_t end = body.find(next, data);
    if (end == std::string_view::npos) return fail(malformed("the body does not end"));
    part.data = std::string(body.substr(data, end - data));
    parts.push_back(std::move(part));
    if (parts.size() > kMaxParts) return fail(malformed("too many parts"));
    at = end + next.size();
  }
}

}  // namespace atrium::http
