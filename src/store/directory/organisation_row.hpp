#pragma once

#include <string>

#include "domain/directory/organisation.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

// An organisation row (alias o).
extern const std::string kOrganisationColumns;

struct OrganisationRow {
  long long id = 0;
  std::string cid;
  std::string name;
  int is_default = 0;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, cid);
    map_column(statement, name);
    map_column(statement, is_default);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  Organisation to_organisation() const;
};

}  // namespace atrium::store
