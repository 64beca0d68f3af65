#include "web/common/user_form.hpp"

#include <algorithm>
#include <string>

#include "domain/directory/names.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

std::vector<TeamId> posted_teams(const Form& form) {
  std::vector<TeamId> teams;
  for (const auto& [name, value] : form) {
    long long id = 0;
    if (name == "Teams" && parse_numeric_id(value, id)) teams.push_back(id);
  }
  return teams;
}

UserInput user_form_input(const Form& form, const UserEditChoices& choices) {
  UserInput input;
  input.first = form_value(form, "First");
  input.last = form_value(form, "Last");
  const std::string role = form_value(form, "Role");
  if (!role.empty()) input.role = role;
  std::vector<TeamId> teams = posted_teams(form);
  for (const Team& t : choices.fixed_teams) teams.push_back(t.id);
  input.teams = std::move(teams);
  return input;
}

nlohmann::json user_form_view(const UserEditChoices& choices, const Form* form) {
  const User& user = choices.view.user;
  nlohmann::json view = nlohmann::json::object();
  view["First_value"] = form ? form_value(*form, "First") : user.first;
  view["Last_value"] = form ? form_value(*form, "Last") : user.last;
  const std::string role = form ? form_value(*form, "Role") : std::string(to_string(user.role));
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : choices.roles) {
    const std::string value(to_string(r));
    roles.push_back({{"value", value}, {"label", role_label(r)}, {"selected", value == role}});
  }
  view["roles"] = std::move(roles);
  const std::vector<TeamId> ticked = form ? posted_teams(*form) : std::vector<TeamId>{};
  nlohmann::json teams = nlohmann::json::array();
  for (const Team& t : choices.changeable_teams) {
    const bool member =
        std::ranges::any_of(choices.view.teams, [&t](const Team& mine) { return mine.id == t.id; });
    const bool checked = form ? std::ranges::find(ticked, t.id) != ticked.end() : member;
    teams.push_back({{"id", t.id}, {"name", t.name}, {"checked", checked}});
  }
  view["teams"] = std::move(teams);
  nlohmann::json fixed = nlohmann::json::array();
  for (const Team& t : choices.fixed_teams) fixed.push_back({{"name", t.name}});
  view["show_teams"] = !choices.changeable_teams.empty() || !fixed.empty();
  view["has_fixed_teams"] = !fixed.empty();
  view["fixed_teams"] = std::move(fixed);
  return view;
}

}  // namespace atrium::web
