#pragma once

#include <string>

#include "domain/directory/organisation.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

// A team row (alias t).
extern const std::string kTeamColumns;

struct TeamRow {
  long long id = 0;
  std::string cid;
  long long organisation_id = 0;
  std::string name;
  int is_default = 0;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, cid);
    map_column(statement, organisation_id);
    map_column(statement, name);
    map_column(statement, is_default);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  Team to_team() const;
};

}  // namespace atrium::store
