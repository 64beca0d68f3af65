#pragma once

#include <nlohmann/json.hpp>

#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_service.hpp"

// Tyk-compatible JSON of organisations and teams (schemas Organisation-*, Team-* of Tyk's
// OpenAPI), plus the fields we add (CID, Default).
namespace atrium::http {

nlohmann::json team_index_json(const Team& team);
// A team with its organisation and times (a user's Teams, Tyk 1.14).
nlohmann::json team_record_json(const Team& team);
nlohmann::json team_show_json(const TeamView& view);
nlohmann::json organisation_index_json(const Organisation& organisation);
nlohmann::json organisation_show_json(const OrganisationView& view);

}  // namespace atrium::http
