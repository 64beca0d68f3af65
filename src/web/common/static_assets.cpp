#include "web/common/static_assets.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "http/conditional_get.hpp"
#include "web/common/embedded_files.hpp"

namespace atrium::web {

namespace {

std::string content_type_for(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

void add_static_routes(http::Router& router) {
  std::vector<EmbeddedFile> files(embedded_static_files().begin(), embedded_static_files().end());
  files.insert(files.end(), embedded_static_scripts().begin(), embedded_static_scripts().end());
  for (const EmbeddedFile& file : files) {
    // 128 bits of the SHA-256 is plenty to tell versions apart.
    std::string etag = "\"" + std::string(file.sha256.substr(0, 32)) + "\"";
    std::string content_type = content_type_for(file.name);
    const std::string_view content = file.content;  // static storage: safe to capture
    router.add(
        "GET", "/static/" + std::string(file.name),
        [etag, content_type, content](http::Request& request) {
          return http::tagged_response(request, std::string(content), content_type, etag,
                                       "public, max-age=3600");
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
