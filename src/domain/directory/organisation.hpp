#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

// A container of Teams and Users (a partner company, a business unit). DESIGN.md §1.
struct Organisation {
  OrganisationId id = 0;
  std::string cid;
  std::string name;
  bool is_default = false;  // the Default Organisation: renamable, never deleted
  TimePoint created_at;
  TimePoint updated_at;
};

struct Team {
  TeamId id = 0;
  std::string cid;
  OrganisationId organisation_id = 0;
  std::string name;
  bool is_default = false;  // "<Org name> All users": renamable, never deleted
  TimePoint created_at;
  TimePoint updated_at;
};

struct NewOrganisation {
  std::string cid;
  std::string name;
};

struct NewTeam {
  std::string cid;
  OrganisationId organisation_id = 0;
  std::string name;
  bool is_default = false;
};

// The name of the team every new organisation gets.
inline std::string default_team_name(const std::string& organisation_name) {
  return organisation_name + " All users";
}

}  // namespace atrium
