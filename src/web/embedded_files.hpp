#pragma once

#include <span>
#include <string_view>

namespace atrium::web {

// A file compiled into the binary by src/web/embed_files.cmake.
struct EmbeddedFile {
  std::string_view name;     // "login" for templates/pages/login.mustache; "atrium.css"
  std::string_view content;  // the file's bytes
  std::string_view sha256;   // of the content, 64 lower-case hex digits
};

// templates/pages/*.mustache, named by stem, sorted by name.
std::span<const EmbeddedFile> embedded_templates();

// static/*.css, named by file name, sorted by name.
std::span<const EmbeddedFile> embedded_static_files();

}  // namespace atrium::web
