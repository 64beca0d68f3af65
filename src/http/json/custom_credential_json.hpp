#pragma once

#include <nlohmann/json.hpp>

#include "domain/apps/app.hpp"

namespace atrium::http {

// Tyk's CustomCredential-show (the key is never returned; KeyPrefix recognises it).
nlohmann::json custom_credential_json(const CustomCredential& credential);

}  // namespace atrium::http
