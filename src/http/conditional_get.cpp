#include "http/conditional_get.hpp"

#include <utility>

#include "core/encoding.hpp"

namespace atrium::http {

bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view candidate = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (candidate == "*") return true;
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == etag) return true;
  }
  return false;
}

Response tagged_response(const Request& request, std::string body, std::string content_type,
                         const std::string& etag, std::string cache_control) {
  Response response;
  const auto if_none_match = request.header("If-None-Match");
  if (if_none_match && none_match_hits(*if_none_match, etag)) {
    response.status = 304;
  } else {
    response = Response::text(200, std::move(body), std::move(content_type));
  }
  response.set_header("ETag", etag);
  response.set_header("Cache-Control", std::move(cache_control));
  return response;
}

}  // namespace atrium::http
