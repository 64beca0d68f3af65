#pragma once

#include <span>

#include "core/embedded_file.hpp"

namespace atrium::web {

// templates/pages/*.mustache, named by stem, sorted by name.
std::span<const EmbeddedFile> embedded_templates();

// static/*.css, named by file name, sorted by name.
std::span<const EmbeddedFile> embedded_static_files();

// static/*.js (progressive enhancement only: every page works without them), likewise.
std::span<const EmbeddedFile> embedded_static_scripts();

}  // namespace atrium::web
