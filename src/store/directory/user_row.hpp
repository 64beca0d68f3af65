#pragma once

#include <string>

#include "domain/identity/user.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

// A user row (alias u), read by the user, session and API-token repositories.
extern const std::string kUserColumns;

struct UserRow {
  long long id = 0;
  std::string cid;
  std::string email;
  std::string first;
  std::string last;
  std::string role;
  int active = 0;
  long long organisation_id = 0;
  soci::indicator organisation_indicator = soci::i_ok;
  int reset_password = 0;
  std::string provider;
  int has_password = 0;
  long long created_at = 0;
  long long updated_at = 0;

  // In the order of kUserColumns.
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, cid);
    map_column(statement, email);
    map_column(statement, first);
    map_column(statement, last);
    map_column(statement, role);
    map_column(statement, active);
    map_column(statement, organisation_id, organisation_indicator);
    map_column(statement, reset_password);
    map_column(statement, provider);
    map_column(statement, has_password);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  // Throws on a row the schema should have made impossible (caught by attempt()). The strings
  // the User keeps move into it; the row may be read into again.
  User to_user() &&;
};

}  // namespace atrium::store
