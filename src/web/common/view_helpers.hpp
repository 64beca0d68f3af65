#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/identity/role.hpp"
#include "domain/identity/user.hpp"

namespace atrium::web {

// Puts form errors into a page's view the way the templates expect them (docs/web.md):
//   has_errors: true, errors: [{field, message}, ...] for the error summary (each links to the
//   input whose id is `field`; an empty field is a form-level message without a link), and
//   <field>_error: the first message for that field, shown next to the input.
// `field` must be the form's field name (e.g. "new_password"), not an API name ("Password").
// Does nothing when `errors` is empty. The summary's label of a field is its entry in `labels`
// (a page's own wording, e.g. {"EmailSMTPPort", "SMTP port"}), else the name split into words.
using FieldLabels = std::span<const std::pair<std::string_view, std::string_view>>;
void add_form_errors(nlohmann::json& view, const std::vector<FieldError>& errors,
                     FieldLabels labels = {});

// add_form_errors with the error's field errors, or with its message as a form-level one when it
// names no field.
void add_error_to_form(nlohmann::json& view, const Error& error, FieldLabels labels = {});

// A time for the `time` partial: {at: RFC 3339 (datetime, title), shown: "3 Dec 2026, 11:15 UTC"}.
nlohmann::json time_view(TimePoint t);

// Role names as people read them: "Admin", "Team member", "API Owner", "Super admin".
std::string_view role_label(Role role);

// A user's status: "Active", "Inactive", or why they cannot sign in yet.
enum class UserStatus { kActive, kInactive, kInvited, kAwaitingApproval };
std::string_view status_label(UserStatus status);
// From the record alone: inactive without a password is an invitee (an owner-created user
// without a password, or a consumer-admin's invitation); a pending registration needs the
// registrations list and is the caller's to say.
UserStatus status_of(const User& user);

// A row of a users list: {id, name, email, role (its label), you: whether it is `viewer`}; the
// caller adds the status.
nlohmann::json user_row_view(const User& user, UserId viewer);

}  // namespace atrium::web
