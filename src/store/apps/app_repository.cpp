#include "domain/apps/app_repository.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/apps/app_sql.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

const std::string& app_columns() {
  static const std::string columns =
      "a.id, a.cid, a.user_id, a.name, a.description, a.redirect_urls, a.visibility, "
      "a.organisation_id, u.email, a.created_at, a.updated_at";
  return columns;
}

constexpr std::string_view kAppsFrom = "apps a JOIN users u ON u.id = a.user_id";

struct AppRow {
  App app;
  std::string visibility;
  NullableNumber organisation;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, app.id);
    map_column(statement, app.cid);
    map_column(statement, app.fields.user_id);
    map_column(statement, app.fields.name);
    map_column(statement, app.fields.description);
    map_column(statement, app.fields.redirect_urls);
    map_column(statement, visibility);
    organisation.exchange(statement);
    map_column(statement, app.owner_email);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
};

App to_app(const AppRow& row) {
  App out = row.app;
  out.fields.visibility = parse_app_visibility(row.visibility).value_or(AppVisibility::kPersonal);
  out.organisation_id = row.organisation.number();
  out.created_at = from_unix_ms(row.created_at);
  out.updated_at = from_unix_ms(row.updated_at);
  return out;
}

std::vector<std::string> filter_terms(const AppFilter& filter, QueryParams& params) {
  std::vector<std::string> terms;
  if (filter.organisation_id)
    terms.push_back("a.organisation_id = " + params.add(*filter.organisation_id));
  if (filter.user_id) terms.push_back("a.user_id = " + params.add(*filter.user_id));
  if (filter.product_id) {
    terms.push_back(
        "EXISTS (SELECT 1 FROM access_requests r JOIN access_request_products rp ON "
        "rp.access_request_id = r.id WHERE r.app_id = a.id AND rp.product_id = " +
        params.add(*filter.product_id) + ")");
  }
  return terms;
}

// DESIGN §2: one's own apps; in a real organisation also its members' organisation apps and the
// team apps of those sharing a team with the viewer. Each term has an index (apps_user_idx,
// apps_organisation_idx on the owner's organisation that migration 0014 keeps on every app), so
// both databases answer with a union of index ranges (SQLite's OR-by-union, PostgreSQL's
// BitmapOr) whose size is what the viewer sees, not the organisation's size. A shared app's owner
// is always in the organisation (migration 0011 makes a leaver's apps personal).
std::string visible_condition(const AppScope& scope, QueryParams& params) {
  const std::string me = params.add(scope.viewer_id);
  if (!scope.organisation_id) return " WHERE a.user_id = " + me;
  const std::string organisation = params.add(*scope.organisation_id);
  return " WHERE a.user_id = " + me + " OR (a.organisation_id = " + organisation +
         " AND a.visibility = 'organisation') OR (a.organisation_id = " + organisation +
         " AND a.visibility = 'team' AND a.user_id IN (SELECT theirs.user_id FROM "
         "team_memberships mine JOIN team_memberships theirs ON theirs.team_id = mine.team_id "
         "WHERE mine.user_id = " +
         me + "))";
}

class SociAppRepository final : public AppRepository {
 public:
  explicit SociAppRepository(SociTransaction& tx) : tx_(tx) {}

  Result<App> create(std::string_view cid, const AppFields& fields, TimePoint now) override {
    return tx_.attempt("apps.create", true, [&]() -> Result<App> {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      const long long id = query_number(
          tx_.session(),
          "INSERT INTO apps (cid, user_id, name, description, redirect_urls, visibility, "
          "created_at, updated_at) VALUES (" +
              params.add(std::string(cid)) + ", " + params.add(fields.user_id) + ", " +
              params.add(fields.name) + ", " + params.add(fields.description) + ", " +
              params.add(fields.redirect_urls) + ", " +
              params.add(std::string(atrium::to_string(fields.visibility))) + ", " + at + ", " +
              at + ") RETURNING id",
          params);
      return reread(id);
    });
  }

  Result<std::optional<App>> find(AppId id) override {
    return tx_.attempt("apps.find", false, [&] {
      QueryParams params;
      return fetch_one<AppRow>(tx_.session(),
                               "SELECT " + app_columns() + " FROM " + std::string(kAppsFrom) +
                                   " WHERE a.id = " + params.add(id) + lock_rows_of(tx_, "a"),
                               params, &to_app);
    });
  }

  Result<PageOf<App>> list(const AppFilter& filter, const PageRequest& page) override {
    return tx_.attempt("apps.list", false, [&] {
      QueryParams params;
      const std::string where = where_clause(filter_terms(filter, params));
      return fetch_page<AppRow>(tx_.session(), page, app_columns(), std::string(kAppsFrom), where,
                                "a.id", params, &to_app);
    });
  }

  Result<PageOf<App>> list_visible(const AppScope& scope, const PageRequest& page) override {
    if (scope.everything) return list(AppFilter{}, page);
    return tx_.attempt("apps.list_visible", false, [&] {
      QueryParams params;
      const std::string where = visible_condition(scope, params);
      return fetch_page<AppRow>(tx_.session(), page, app_columns(), std::string(kAppsFrom), where,
                                "a.id", params, &to_app);
    });
  }

  Result<App> update(AppId id, const AppFields& fields, TimePoint now) override {
    return tx_.attempt("apps.update", true, [&]() -> Result<App> {
      QueryParams params;
      const std::string sql =
          "UPDATE apps SET name = " + params.add(fields.name) +
          ", description = " + params.add(fields.description) +
          ", redirect_urls = " + params.add(fields.redirect_urls) +
          ", user_id = " + params.add(fields.user_id) +
          ", visibility = " + params.add(std::string(atrium::to_string(fields.visibility))) +
          ", updated_at = " + params.add(to_unix_ms(now)) + " WHERE id = " + params.add(id);
      if (execute(tx_.session(), sql, params) == 0) {
        return fail(not_found("app.not_found", "app not found"));
      }
      return reread(id);
    });
  }

  Result<bool> remove(AppId id) override {
    return tx_.attempt("apps.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM apps WHERE id = " + params.add(id), params) > 0;
    });
  }

  Result<long long> transfer(UserId from, UserId to, TimePoint now) override {
    return tx_.attempt("apps.transfer", true, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "UPDATE apps SET user_id = " + params.add(to) + ", updated_at = " +
                         params.add(to_unix_ms(now)) + " WHERE user_id = " + params.add(from),
                     params);
    });
  }

  Result<long long> app_version() override {
    return tx_.attempt("apps.version", false, [&] {
      return query_number(tx_.session(), "SELECT version FROM app_version WHERE id = 1", {});
    });
  }

 private:
  App reread(AppId id) {
    QueryParams key;
    auto app = fetch_one<AppRow>(tx_.session(),
                                 "SELECT " + app_columns() + " FROM " + std::string(kAppsFrom) +
                                     " WHERE a.id = " + key.add(id),
                                 key, &to_app);
    if (!app) throw std::runtime_error("the written app vanished");
    return std::move(*app);
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(AppRepository, SociAppRepository)  // NOLINT(cert-err58-cpp)

}  // namespace atrium::store
