#include "web/common/static_assets.hpp"

#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "web/common/embedded_files.hpp"

namespace atrium::web {

namespace {

std::string content_type_for(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x"; "*" matches any.
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

}  // namespace

void add_static_routes(http::Router& router) {
  for (const EmbeddedFile& file : embedded_static_files()) {
    // 128 bits of the SHA-256 is plenty to tell versions apart.
    std::string etag = "\"" + std::string(file.sha256.substr(0, 32)) + "\"";
    std::string content_type = content_type_for(file.name);
    const std::string_view content = file.content;  // static storage: safe to capture
    router.add(
        "GET", "/static/" + std::string(file.name),
        [etag, content_type, content](http::Request& request) {
          http::Response response;
          const auto if_none_match = request.header("If-None-Match");
          if (if_none_match && none_match_hits(*if_none_match, etag)) {
            response.status = 304;
          } else {
            response = http::Response::text(200, std::string(content), content_type);
          }
          response.set_header("ETag", etag);
          response.set_header("Cache-Control", "public, max-age=3600");
          return response;
        },
        http::Execution::kInline);
  }
  // Browsers fetch /favicon.ico on their own, whatever a page links to. Atrium has no icon:
  // "No Content" (cached for a day) rather than a 404 that every browser logs as an error.
  router.add(
      "GET", "/favicon.ico",
      [](http::Request&) {
        http::Response response = http::Response::no_content();
        response.set_header("Cache-Control", "public, max-age=86400");
        return response;
      },
      http::Execution::kInline);
}

}  // namespace atrium::web
