#include "domain/apps/app.hpp"

#include "core/enum_names.hpp"

namespace atrium {

namespace {
constexpr EnumNames<AppVisibility, 3> kVisibilityNames{{
    {AppVisibility::kPersonal, "personal"},
    {AppVisibility::kTeam, "team"},
    {AppVisibility::kOrganisation, "organisation"},
}};
constexpr EnumNames<AccessStatus, 3> kStatusNames{{
    {AccessStatus::kPending, "pending"},
    {AccessStatus::kApproved, "approved"},
    {AccessStatus::kRejected, "rejected"},
}};
}  // namespace

std::string_view to_string(AppVisibility visibility) {
  return enum_name(kVisibilityNames, visibility);
}

std::optional<AppVisibility> parse_app_visibility(std::string_view text) {
  return parse_enum(kVisibilityNames, text);
}

std::string_view to_string(AccessStatus status) { return enum_name(kStatusNames, status); }

std::optional<AccessStatus> parse_access_status(std::string_view text) {
  return parse_enum(kStatusNames, text);
}

}  // namespace atrium
