#pragma once

#include <nlohmann/json.hpp>

#include "domain/onboarding/registration_service.hpp"

namespace atrium::http {

// Registration requests (beyond Tyk).
nlohmann::json registration_json(const RegistrationView& view);

}  // namespace atrium::http
