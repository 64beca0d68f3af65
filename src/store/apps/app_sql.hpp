#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

// Internal to the apps area's repositories.
namespace atrium::store {

// " FOR NO KEY UPDATE OF <alias>" in a PostgreSQL write (a join with an outer side cannot lock
// every table), "" otherwise: SociTransaction::for_update for one table of a join.
std::string lock_rows_of(SociTransaction& tx, std::string_view alias);

// ":p1, :p2, ..." for the ids (at least one).
std::string id_list(const std::vector<long long>& ids, QueryParams& params);

}  // namespace atrium::store
