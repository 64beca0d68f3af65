#pragma once

#include <string>

#include "core/encoding.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

// A user's email, first or last name starting with `prefix` (case-insensitive), as ranges of the
// users' key indexes (u.email_key, u.first_key, u.last_key); `column(key)` writes a key's column
// (the users list marks the ones that must not drive SQLite's plan). Shared by the users list and
// the invitations list (which searches its invitees).
template <typename Column>
std::string user_search_term(const std::string& prefix, Column column, QueryParams& params) {
  const std::string low = ascii_lower(prefix);
  const std::string high = prefix_upper_bound(low);
  std::string any = "(";
  for (const char* key : {"u.email_key", "u.first_key", "u.last_key"}) {
    if (any.size() > 1) any += " OR ";
    const std::string name = column(key);
    any.append(name).append(" >= ").append(params.add(low));
    any.append(" AND ").append(name).append(" < ").append(params.add(high));
  }
  return any + ")";
}

}  // namespace atrium::store
