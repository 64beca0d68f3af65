#pragma once

#include <nlohmann/json.hpp>

#include "domain/onboarding/invitation_service.hpp"

namespace atrium::http {

// Invitations (beyond Tyk): the invitation with its user's name and email.
nlohmann::json invitation_json(const InvitationView& view);

}  // namespace atrium::http
