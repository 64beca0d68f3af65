#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "domain/auth/actor.hpp"
#include "domain/directory/organisation_service.hpp"

// Choices of the Admin Portal's user filters and forms.
namespace atrium::web {

// The organisations as <option>s [{value, label, selected}]: the first 100 of the service's
// order, and `current` after them when it is not among them (a form always offers the user's own).
nlohmann::json organisation_options(OrganisationService& organisations, const Actor& actor,
                                    const std::string& selected,
                                    const Organisation* current = nullptr);

}  // namespace atrium::web
