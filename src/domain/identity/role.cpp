#include "domain/identity/role.hpp"

namespace atrium {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kSuperAdmin:
      return "super-admin";
    case Role::kProviderAdmin:
      return "provider-admin";
    case Role::kConsumerAdmin:
      return "consumer-admin";
    case Role::kConsumerTeamMember:
      return "consumer-team-member";
  }
  return "consumer-team-member";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r :
       {Role::kSuperAdmin, Role::kProviderAdmin, Role::kConsumerAdmin, Role::kConsumerTeamMember}) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

}  // namespace atrium
