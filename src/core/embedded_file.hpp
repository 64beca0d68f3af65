#pragma once

#include <string_view>

namespace atrium {

// A file compiled into the binary by cmake/embed_files.cmake (atrium_embed_directory).
struct EmbeddedFile {
  std::string_view name;     // "login" for templates/pages/login.mustache; "atrium.css"
  std::string_view content;  // the file's bytes
  std::string_view sha256;   // of the content, 64 lower-case hex digits
};

}  // namespace atrium
