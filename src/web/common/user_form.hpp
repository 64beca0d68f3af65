#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "domain/directory/user_service.hpp"
#include "web/common/page_support.hpp"

// The user edit form of both portals (partial user_fields): First, Last, Role and Teams, named as
// the admin API names them so that the service's field errors land beside their fields. Which
// roles and teams it offers is the service's answer (UserService::edit_choices), not the page's.
namespace atrium::web {

// The team IDs the form sent (repeated "Teams" fields; anything not an ID is dropped, so the
// service sees only what can be a team).
std::vector<TeamId> posted_teams(const Form& form);

// The update the form asks for: the names and role as typed, and as teams the ticked ones plus
// the user's teams the actor may not change (shown read-only and kept as they are). A crafted
// form may name any team: the service decides.
UserInput user_form_input(const Form& form, const UserEditChoices& choices);

// The form's view: First_value, Last_value, roles [{value, label, selected}], teams [{id, name,
// checked}] (the changeable ones), fixed_teams [{name}] and has_fixed_teams. From the user's
// record, or from `form` (what was typed) after a refusal.
nlohmann::json user_form_view(const UserEditChoices& choices, const Form* form);

}  // namespace atrium::web
