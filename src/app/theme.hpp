#pragma once

#include <filesystem>
#include <optional>

#include "app/config.hpp"

namespace atrium::app {

// The operator's theme folder (PORTAL_THEME_DIR), when one is set.
inline std::optional<std::filesystem::path> theme_dir(const Config& config) {
  if (config.theme_dir.empty()) return std::nullopt;
  return std::filesystem::path(config.theme_dir);
}

}  // namespace atrium::app
