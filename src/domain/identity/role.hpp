#pragma once

#include <optional>
#include <string_view>

namespace atrium {

// DESIGN.md §1: API Owners (super-admin, provider-admin) and API Consumers.
enum class Role { kSuperAdmin, kProviderAdmin, kConsumerAdmin, kConsumerTeamMember };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

inline bool is_api_owner(Role role) {
  return role == Role::kSuperAdmin || role == Role::kProviderAdmin;
}

}  // namespace atrium
