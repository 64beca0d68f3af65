#include "store/catalogue/catalogue_sql.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "store/soci_transaction.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

const std::string& catalogue_columns() {
  static const std::string columns =
      "c.id, c.cid, c.name, c.slug, c.visibility, c.created_at, c.updated_at";
  return columns;
}

Catalogue CatalogueRow::to_catalogue() const {
  Catalogue catalogue;
  catalogue.id = id;
  catalogue.cid = cid;
  catalogue.name = name;
  catalogue.slug = slug;
  const auto parsed = parse_catalogue_visibility(visibility);
  if (!parsed) throw std::runtime_error("catalogue " + std::to_string(id) + " has no visibility");
  catalogue.visibility = *parsed;
  catalogue.created_at = from_unix_ms(created_at);
  catalogue.updated_at = from_unix_ms(updated_at);
  return catalogue;
}

std::string visible_catalogue_condition(const policy::CatalogueScope& scope, QueryParams& params,
                                        std::string_view alias) {
  if (scope.everything) return "1 = 1";
  const std::string a(alias);
  std::string condition = "(" + a + ".visibility = 'Public'";
  if (scope.organisation_id) {
    std::string teams;
    for (TeamId team : scope.team_ids) teams += (teams.empty() ? "" : ", ") + params.add(team);
    condition += " OR EXISTS (SELECT 1 FROM catalogue_audiences ca WHERE ca.catalogue_id = " + a +
                 ".id AND ca.organisation_id = " + params.add(*scope.organisation_id) +
                 " AND (ca.team_id IS NULL" +
                 (teams.empty() ? std::string() : " OR ca.team_id IN (" + teams + ")") + "))";
  }
  return condition + ")";
}

namespace {
struct IdRow {
  long long id = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
  }
};
}  // namespace

std::vector<long long> visible_catalogue_ids(soci::session& session,
                                             const policy::CatalogueScope& scope,
                                             std::optional<long long> only) {
  QueryParams params;
  std::string sql =
      "SELECT c.id FROM catalogues c WHERE " + visible_catalogue_condition(scope, params, "c");
  if (only) sql += " AND c.id = " + params.add(*only);
  return fetch_all<IdRow>(session, sql, params, [](const IdRow& row) { return row.id; });
}

Error unique_conflict(const SqlFailure& failure, std::string_view context,
                      std::initializer_list<UniqueKey> keys) {
  if (failure.kind == SqlFailureKind::kUniqueViolation) {
    for (const UniqueKey& key : keys) {
      if (failure.detail.find(key.sqlite_name) == std::string::npos &&
          failure.detail.find(key.postgres_name) == std::string::npos) {
        continue;
      }
      Error e = conflict(key.id, key.message);
      e.fields.push_back(FieldError{key.field, "is already taken"});
      e.detail = std::string(context) + ": " + failure.detail;
      return e;
    }
  }
  return to_error(failure, context);
}

namespace {
std::string joined(const std::vector<std::pair<std::string, std::string>>& columns,
                   std::string (*piece)(const std::pair<std::string, std::string>&)) {
  std::string out;
  for (const auto& column : columns) out += (out.empty() ? "" : ", ") + piece(column);
  return out;
}
}  // namespace

std::string ColumnValues::names() const {
  return joined(columns_, [](const auto& c) { return c.first; });
}
std::string ColumnValues::values() const {
  return joined(columns_, [](const auto& c) { return c.second; });
}
std::string ColumnValues::assignments() const {
  return joined(columns_, [](const auto& c) { return c.first + " = " + c.second; });
}

void replace_links(SociTransaction& tx, std::string_view table, std::string_view owner_column,
                   long long owner, std::string_view other_column,
                   const std::vector<long long>& others) {
  const std::string t(table);
  const std::string owner_col(owner_column);
  QueryParams remove;
  execute(tx.session(), "DELETE FROM " + t + " WHERE " + owner_col + " = " + remove.add(owner),
          remove);
  std::vector<long long> ids = others;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return;
  QueryParams insert;
  const std::string owner_value = insert.add(owner);
  std::string sql =
      "INSERT INTO " + t + " (" + owner_col + ", " + std::string(other_column) + ") VALUES ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += (i == 0 ? "(" : ", (") + owner_value + ", " + insert.add(ids[i]) + ")";
  }
  execute(tx.session(), sql, insert);
}

std::vector<Catalogue> linked_catalogues(SociTransaction& tx, std::string_view table,
                                         std::string_view owner_column, long long owner) {
  QueryParams params;
  return fetch_all<CatalogueRow>(
      tx,
      "SELECT " + catalogue_columns() + " FROM catalogues c JOIN " + std::string(table) +
          " l ON l.catalogue_id = c.id WHERE l." + std::string(owner_column) + " = " +
          params.add(owner) + " ORDER BY c.id",
      params, [](const CatalogueRow& row) { return row.to_catalogue(); });
}

namespace {
struct NameRow {
  std::string name;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, name);
  }
};
}  // namespace

std::vector<std::string> names_in_catalogue(SociTransaction& tx, std::string_view table,
                                            std::string_view link_table,
                                            std::string_view link_column, long long catalogue) {
  QueryParams params;
  const std::string column(link_column);
  return fetch_all<NameRow>(tx,
                            "SELECT x.name FROM " + std::string(table) + " x JOIN " +
                                std::string(link_table) + " l ON l." + column +
                                " = x.id WHERE l.catalogue_id = " + params.add(catalogue) +
                                " ORDER BY x.id",
                            params, [](NameRow&& row) { return std::move(row.name); });
}

namespace {
Error in_use(const SqlFailure& failure, std::string_view context, const char* id,
             const char* message) {
  if (failure.kind != SqlFailureKind::kForeignKeyViolation) return to_error(failure, context);
  return conflict(id, message);
}
}  // namespace

Error plan_in_use(const SqlFailure& failure) {
  return in_use(failure, "plans.remove", "plan.in_use",
                "access requests or custom credentials name this plan: delete them first");
}

Error product_in_use(const SqlFailure& failure) {
  return in_use(failure, "products.remove", "product.in_use",
                "access requests or custom credentials name this product: delete them first");
}

}  // namespace atrium::store
