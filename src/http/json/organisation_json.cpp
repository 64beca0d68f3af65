#include "http/json/organisation_json.hpp"

#include "core/time_format.hpp"
#include "http/json/user_json.hpp"
#include "http/json_util.hpp"

namespace atrium::http {

nlohmann::json team_record_json(const Team& team) {
  nlohmann::json out = team_index_json(team);
  out["OrganisationID"] = team.organisation_id;
  out["CreatedAt"] = format_tyk_time(team.created_at);
  out["UpdatedAt"] = format_tyk_time(team.updated_at);
  return out;
}

nlohmann::json team_index_json(const Team& team) {
  return {{"ID", team.id}, {"CID", team.cid}, {"Name", team.name}, {"Default", team.is_default}};
}

nlohmann::json team_show_json(const TeamView& view) {
  nlohmann::json out = team_record_json(view.team);
  // Tyk's Team-show lists members as "User#<id>" (its OpenAPI example and its answers).
  nlohmann::json users = nlohmann::json::array();
  for (UserId id : view.member_ids) users.push_back("User#" + std::to_string(id));
  out["Users"] = std::move(users);
  return out;
}

nlohmann::json organisation_index_json(const Organisation& organisation) {
  return {{"ID", organisation.id},
          {"CID", organisation.cid},
          {"Name", organisation.name},
          {"Default", organisation.is_default}};
}

nlohmann::json organisation_show_json(const OrganisationView& view) {
  nlohmann::json out = organisation_index_json(view.organisation);
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : view.teams) teams.push_back(team_index_json(t));
  nlohmann::json users = nlohmann::json::array();
  for (const auto& u : view.users) users.push_back(user_index_json(u));
  out["Teams"] = std::move(teams);
  out["Users"] = std::move(users);
  out["CreatedAt"] = format_tyk_time(view.organisation.created_at);
  out["UpdatedAt"] = format_tyk_time(view.organisation.updated_at);
  return out;
}

}  // namespace atrium::http
