#pragma once

#include <optional>
#include <string>

#include "domain/identity/user.hpp"

namespace atrium {

// Who is making a request, as established by authentication, and from where (for the audit log).
struct Actor {
  UserId user_id = 0;
  std::string email;
  Role role = Role::kConsumerTeamMember;
  std::optional<OrganisationId> organisation_id;
  std::string source_address;
};

}  // namespace atrium
