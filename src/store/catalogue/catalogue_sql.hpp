#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "domain/catalogue/catalogue.hpp"
#include "domain/policy/catalogue_policy.hpp"
#include "store/sql_errors.hpp"
#include "store/sql_support.hpp"

// What the catalogue, product and plan repositories share.
namespace atrium::store {

class SociTransaction;

// A catalogue row (alias c).
const std::string& catalogue_columns();

struct CatalogueRow {
  long long id = 0;
  std::string cid;
  std::string name;
  std::string slug;
  std::string visibility;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, cid);
    map_column(statement, name);
    map_column(statement, slug);
    map_column(statement, visibility);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  Catalogue to_catalogue() const;
};

// The SQL condition "catalogue `alias`.id is visible in `scope`" (policy::visible_catalogues):
// "1 = 1" for everything, else Public or an audience entry of the organisation without a team
// or with one of the teams.
std::string visible_catalogue_condition(const policy::CatalogueScope& scope, QueryParams& params,
                                        std::string_view alias);

// The ids of the catalogues visible in `scope` (of `only` alone, when given), in one query: the
// lists that filter by them read the ids once instead of testing each row (issue 17's profile).
std::vector<long long> visible_catalogue_ids(soci::session& session,
                                             const policy::CatalogueScope& scope,
                                             std::optional<long long> only);

// A unique index the domain names: `index` is how both drivers' messages name it (SQLite names
// the columns "table.column", PostgreSQL the index "table_column_key"), so both are given.
struct UniqueKey {
  std::string_view sqlite_name;
  std::string_view postgres_name;
  const char* id;
  const char* message;
  const char* field;
};
// The error for a failure of `context`: the first matching key's conflict (with its field), or
// the generic mapping.
Error unique_conflict(const SqlFailure& failure, std::string_view context,
                      std::initializer_list<UniqueKey> keys);

// A DELETE refused because access requests still name the row (their foreign keys): kConflict
// "<what>.in_use"; other failures map as usual.
Error plan_in_use(const SqlFailure& failure);
Error product_in_use(const SqlFailure& failure);

// The columns an INSERT or UPDATE sets, each with its placeholder (QueryParams::add).
class ColumnValues {
 public:
  void set(std::string column, std::string placeholder) {
    columns_.emplace_back(std::move(column), std::move(placeholder));
  }
  std::string names() const;        // "a, b"
  std::string values() const;       // ":p1, :p2"
  std::string assignments() const;  // "a = :p1, b = :p2"

 private:
  std::vector<std::pair<std::string, std::string>> columns_;
};

// Replaces the rows of a link table (owner_column = owner) with one row per id of `others`
// (duplicates dropped). A missing id fails on the foreign key.
void replace_links(SociTransaction& tx, std::string_view table, std::string_view owner_column,
                   long long owner, std::string_view other_column,
                   const std::vector<long long>& others);

// Catalogues linked to an owner through a link table, ordered by catalogue id.
std::vector<Catalogue> linked_catalogues(SociTransaction& tx, std::string_view table,
                                         std::string_view owner_column, long long owner);

// Names (`name` of table `table`) linked to a catalogue through `link_table`, ordered by id.
std::vector<std::string> names_in_catalogue(SociTransaction& tx, std::string_view table,
                                            std::string_view link_table,
                                            std::string_view link_column, long long catalogue);

}  // namespace atrium::store
