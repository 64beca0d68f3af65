#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/auth/actor.hpp"
#include "domain/directory/organisation_service.hpp"

// Choices of the Admin Portal's user filters and forms.
namespace atrium::web {

// The organisations as <option>s [{value, label, selected}]: the first 100 of the service's
// order, and `current` after them when it is not among them (a form always offers the user's own).
nlohmann::json organisation_options(OrganisationService& organisations, const Actor& actor,
                                    const std::string& selected,
                                    const Organisation* current = nullptr);

// Every team of the first 100 organisations, grouped by organisation in the service's order.
struct TeamChoice {
  TeamId id = 0;
  std::string organisation;
  std::string team;
};
std::vector<TeamChoice> team_choices(OrganisationService& organisations, const Actor& actor);

// The choices as <optgroup>s [{label, teams: [{value, label, selected}]}].
nlohmann::json team_options(const std::vector<TeamChoice>& choices, const std::string& selected);

}  // namespace atrium::web
