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

// "First Last", or the first name alone: Last may be empty (Tyk does not require one).
inline std::string full_name(const User& user) {
  return user.last.empty() ? user.first : user.first + " " + user.last;
}

using TeamId = long long;

// Which users a list returns; every set field narrows it. Ordered by id.
struct UserFilter {
  std::optional<std::string> email;   // exact address, case-insensitive
  std::optional<std::string> search;  // prefix of the email, first or last name, case-insensitive
  std::optional<OrganisationId> organisation_id;
  std::optional<TeamId> team_id;
  std::optional<Role> role;
  std::optional<bool> active;
  // Only users sharing at least one team with this user (what a consumer may see, DESIGN §2).
  std::optional<UserId> sharing_team_with;
};

}  // namespace atrium
