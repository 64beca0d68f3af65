#include "web/common/view_helpers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "core/time_format.hpp"

namespace atrium::web {

namespace {

// Where splitting the field's name into words does not give what the form's label says.
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kLabels = {{
    {"First", "First name"},
    {"TeamID", "Team"},
    {"Last", "Last name"},
    {"OrganisationID", "Organisation"},
    {"PlanID", "Plan"},
    {"AppID", "App"},
    {"NewAppName", "Name of the new app"},
    {"RedirectURLs", "Redirect URLs"},
    {"PasswordConfirmation", "Password confirmation"},
    {"confirm_password", "Confirm new password"},
    // The plan form's.
    {"Per", "Rate limit period"},
    {"QuotaRenewalRate", "Quota renewal period"},
    {"KeyExpiresIn", "Keys expire after"},
    {"AccessRequestLimit", "Access requests per user"},
    {"MetaData", "Metadata"},
}};

bool is_upper(std::string_view text, std::size_t i) {
  return i < text.size() && std::isupper(static_cast<unsigned char>(text[i])) != 0;
}

bool is_lower(std::string_view text, std::size_t i) {
  return i < text.size() && std::islower(static_cast<unsigned char>(text[i])) != 0;
}

// "InviteCode" and "invite_code" → "Invite code"; acronyms stay: "ReferenceID" → "Reference ID",
// "APIType" → "API type".
std::string field_label(std::string_view field) {
  for (const auto& [name, label] : kLabels) {
    if (name == field) return std::string(label);
  }
  std::string label;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const auto c = static_cast<unsigned char>(field[i]);
    if (c == '_') {
      label += ' ';
      continue;
    }
    const bool upper = is_upper(field, i);
    const bool after_upper = i > 0 && is_upper(field, i - 1);
    const bool acronym =
        upper && !is_lower(field, i + 1) && (after_upper || is_upper(field, i + 1));
    if (upper && i > 0 && label.back() != ' ' && (!after_upper || is_lower(field, i + 1))) {
      label += ' ';
    }
    if (i == 0) {
      label += static_cast<char>(std::toupper(c));
    } else {
      label += static_cast<char>(acronym ? c : std::tolower(c));
    }
  }
  return label;
}

}  // namespace

void add_form_errors(nlohmann::json& view, const std::vector<FieldError>& errors,
                     FieldLabels labels) {
  if (errors.empty()) return;
  nlohmann::json& list = view["errors"];
  if (!list.is_array()) list = nlohmann::json::array();
  for (const FieldError& error : errors) {
    nlohmann::json item = {{"field", error.field}, {"message", error.message}};
    if (!error.field.empty()) {
      // The summary names the field ("Email: is required"); beside the field, the message alone.
      const auto own = std::find_if(labels.begin(), labels.end(),
                                    [&](const auto& l) { return l.first == error.field; });
      item["label"] = own != labels.end() ? std::string(own->second) : field_label(error.field);
      const std::string key = error.field + "_error";
      if (!view.contains(key)) view[key] = error.message;
    }
    list.push_back(std::move(item));
  }
  view["has_errors"] = true;
}

void add_error_to_form(nlohmann::json& view, const Error& error, FieldLabels labels) {
  if (error.fields.empty()) {
    add_form_errors(view, {FieldError{"", error.message}}, labels);
  } else {
    add_form_errors(view, error.fields, labels);
  }
}

nlohmann::json time_view(TimePoint t) {
  return {{"at", format_rfc3339(t)}, {"shown", format_human_time(t)}};
}

std::string_view role_label(Role role) {
  switch (role) {
    case Role::kSuperAdmin:
      return "Super admin";
    case Role::kProviderAdmin:
      return "API Owner";
    case Role::kConsumerAdmin:
      return "Admin";
    case Role::kConsumerTeamMember:
      return "Team member";
  }
  return "Team member";
}

std::string_view status_label(UserStatus status) {
  switch (status) {
    case UserStatus::kActive:
      return "Active";
    case UserStatus::kInactive:
      return "Inactive";
    case UserStatus::kInvited:
      return "Invited";
    case UserStatus::kAwaitingApproval:
      return "Awaiting approval";
  }
  return "Inactive";
}

UserStatus status_of(const User& user) {
  if (user.active) return UserStatus::kActive;
  return user.has_password ? UserStatus::kInactive : UserStatus::kInvited;
}

nlohmann::json user_row_view(const User& user, UserId viewer) {
  return {{"id", user.id},
          {"name", full_name(user)},
          {"email", user.email},
          {"role", role_label(user.role)},
          {"you", user.id == viewer}};
}

}  // namespace atrium::web
