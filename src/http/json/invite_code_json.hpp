#pragma once

#include <nlohmann/json.hpp>

#include "domain/onboarding/onboarding.hpp"

namespace atrium::http {

// Invite codes (beyond Tyk).
nlohmann::json invite_code_json(const InviteCode& code);

}  // namespace atrium::http
