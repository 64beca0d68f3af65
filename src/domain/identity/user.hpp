#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/identity/role.hpp"

namespace atrium {

using UserId = long long;
using OrganisationId = long long;

// A person who can sign in: an API Owner (no organisation) or an API Consumer.
struct User {
  UserId id = 0;
  std::string cid;  // random UUID, the string form of the id (Tyk's `CID`)
  std::string email;
  std::string first;
  std::string last;
  Role role = Role::kConsumerTeamMember;
  bool active = false;
  std::optional<OrganisationId> organisation_id;
  bool reset_password = false;  // must change the password at next login
  std::string provider = "password";
  bool has_password = false;
  TimePoint created_at;
  TimePoint updated_at;
};

struct NewUser {
  std::string cid;
  std::string email;
  std::string first;
  std::string last;
  Role role = Role::kConsumerTeamMember;
  bool active = false;
  std::optional<OrganisationId> organisation_id;
  std::optional<std::string> password_hash;
  bool reset_password = false;
  std::string provider = "password";
};

}  // namespace atrium
