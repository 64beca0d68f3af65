#include "web/admin/directory_options.hpp"

#include "domain/paging.hpp"

namespace atrium::web {

nlohmann::json organisation_options(OrganisationService& organisations, const Actor& actor,
                                    const std::string& selected, const Organisation* current) {
  nlohmann::json options = nlohmann::json::array();
  auto orgs = organisations.list(actor, {1, kMaxPerPage});
  if (!orgs) return options;
  bool current_listed = current == nullptr;
  for (const auto& o : orgs->items) {
    const std::string id = std::to_string(o.id);
    current_listed = current_listed || o.id == current->id;
    options.push_back({{"value", id}, {"label", o.name}, {"selected", id == selected}});
  }
  if (!current_listed) {
    const std::string id = std::to_string(current->id);
    options.push_back({{"value", id}, {"label", current->name}, {"selected", id == selected}});
  }
  return options;
}

std::vector<TeamChoice> team_choices(OrganisationService& organisations, const Actor& actor) {
  std::vector<TeamChoice> choices;
  auto orgs = organisations.list(actor, {1, kMaxPerPage});
  if (!orgs) return choices;
  for (const Organisation& o : orgs->items) {
    auto teams = organisations.list_teams(actor, std::to_string(o.id));
    if (!teams) continue;
    for (const Team& t : *teams) choices.push_back({t.id, o.name, t.name});
  }
  return choices;
}

nlohmann::json team_options(const std::vector<TeamChoice>& choices, const std::string& selected) {
  nlohmann::json groups = nlohmann::json::array();
  for (const TeamChoice& c : choices) {
    if (groups.empty() || groups.back()["label"] != c.organisation) {
      groups.push_back({{"label", c.organisation}, {"teams", nlohmann::json::array()}});
    }
    const std::string id = std::to_string(c.id);
    groups.back()["teams"].push_back(
        {{"value", id}, {"label", c.team}, {"selected", id == selected}});
  }
  return groups;
}

}  // namespace atrium::web
