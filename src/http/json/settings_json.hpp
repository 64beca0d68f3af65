#pragma once

#include <nlohmann/json.hpp>

#include "domain/settings/portal_settings.hpp"

namespace atrium::http {

// Portal settings (beyond Tyk).
nlohmann::json settings_json(const SettingsView& view);

}  // namespace atrium::http
