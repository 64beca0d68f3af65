#include "domain/catalogue/catalogue_repository.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "store/catalogue/catalogue_sql.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error catalogue_conflict(const SqlFailure& failure) {
  return unique_conflict(failure, "catalogues",
                         {{"catalogues.name_key", "catalogues_name_key", "catalogue.name_taken",
                           "a catalogue with this name already exists", "Name"},
                          {"catalogues.slug", "catalogues_slug", "catalogue.slug_taken",
                           "a catalogue with this NameWithSlug already exists", "NameWithSlug"}});
}

Error audience_conflict(const SqlFailure& failure) {
  return unique_conflict(
      failure, "catalogue_audiences",
      {{"catalogue_audiences_entry_key", "catalogue_audiences_entry_key", "audience.duplicate",
        "the catalogue already has this audience", "TeamID"}});
}

// An audience row (alias ca) with its organisation (o) and catalogue (c) names.
const std::string& audience_columns() {
  static const std::string columns =
      "ca.id, ca.catalogue_id, ca.organisation_id, ca.team_id, ca.name, o.name, c.name, "
      "ca.created_at, ca.updated_at";
  return columns;
}
const std::string& audience_from() {
  static const std::string columns =
      "catalogue_audiences ca JOIN organisations o ON o.id = ca.organisation_id "
      "JOIN catalogues c ON c.id = ca.catalogue_id";
  return columns;
}

struct AudienceRow {
  long long id = 0;
  long long catalogue_id = 0;
  long long organisation_id = 0;
  NullableNumber team_id;
  std::string name;
  std::string organisation_name;
  std::string catalogue_name;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, catalogue_id);
    map_column(statement, organisation_id);
    team_id.exchange(statement);
    map_column(statement, name);
    map_column(statement, organisation_name);
    map_column(statement, catalogue_name);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  Audience to_audience() const {
    return Audience{id,
                    catalogue_id,
                    organisation_id,
                    team_id.number(),
                    name,
                    organisation_name,
                    catalogue_name,
                    from_unix_ms(created_at),
                    from_unix_ms(updated_at)};
  }
};

Catalogue to_catalogue(const CatalogueRow& row) { return row.to_catalogue(); }

class SociCatalogueRepository final : public CatalogueRepository {
 public:
  explicit SociCatalogueRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Catalogue> create(std::string_view cid, const CatalogueFields& fields,
                           TimePoint now) override {
    return tx_.attempt(
        "catalogues.create", true,
        [&] {
          QueryParams params;
          const long long at = to_unix_ms(now);
          const long long id = query_number(
              tx_,
              "INSERT INTO catalogues (cid, name, name_key, slug, visibility, created_at, "
              "updated_at) VALUES (" +
                  params.add(std::string(cid)) + ", " + params.add(fields.name) + ", " +
                  params.add(ascii_lower(fields.name)) + ", " + params.add(fields.slug) + ", " +
                  params.add(std::string(to_string(fields.visibility))) + ", " + params.add(at) +
                  ", " + params.add(at) + ") RETURNING id",
              params);
          return Catalogue{id,
                           std::string(cid),
                           fields.name,
                           fields.slug,
                           fields.visibility,
                           from_unix_ms(at),
                           from_unix_ms(at)};
        },
        &catalogue_conflict);
  }

  Result<std::optional<Catalogue>> find(CatalogueId id) override {
    return tx_.attempt("catalogues.find", false, [&] {
      QueryParams params;
      return find_where("c.id = " + params.add(id), params, tx_.for_update());
    });
  }

  Result<std::optional<Catalogue>> find_by_slug(std::string_view slug) override {
    return tx_.attempt("catalogues.find_by_slug", false, [&] {
      QueryParams params;
      return find_where("c.slug = " + params.add(std::string(slug)), params);
    });
  }

  Result<PageOf<Catalogue>> list(const PageRequest& page) override {
    return tx_.attempt("catalogues.list", false, [&] {
      return fetch_page<CatalogueRow>(tx_.session(), page, catalogue_columns(), "catalogues c", "",
                                      "c.id", {}, &to_catalogue);
    });
  }

  Result<std::vector<Catalogue>> list_visible(const policy::CatalogueScope& scope) override {
    return tx_.attempt("catalogues.list_visible", false, [&] {
      QueryParams params;
      const std::string condition = visible_catalogue_condition(scope, params, "c");
      return fetch_all<CatalogueRow>(tx_,
                                     "SELECT " + catalogue_columns() + " FROM catalogues c WHERE " +
                                         condition + " ORDER BY c.name_key, c.id",
                                     params, &to_catalogue);
    });
  }

  Result<Catalogue> update(CatalogueId id, const CatalogueFields& fields, TimePoint now) override {
    return tx_.attempt(
        "catalogues.update", true,
        [&]() -> Result<Catalogue> {
          QueryParams params;
          const std::string sql =
              "UPDATE catalogues SET name = " + params.add(fields.name) +
              ", name_key = " + params.add(ascii_lower(fields.name)) +
              ", slug = " + params.add(fields.slug) +
              ", visibility = " + params.add(std::string(to_string(fields.visibility))) +
              ", updated_at = " + params.add(to_unix_ms(now)) + " WHERE id = " + params.add(id);
          if (execute(tx_.session(), sql, params) == 0) {
            return fail(not_found("catalogue.not_found", "catalogue not found"));
          }
          QueryParams key;
          auto updated = find_where("c.id = " + key.add(id), key);
          if (!updated) throw std::runtime_error("the updated catalogue vanished");
          return std::move(*updated);
        },
        &catalogue_conflict);
  }

  Result<bool> remove(CatalogueId id) override {
    return tx_.attempt("catalogues.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM catalogues WHERE id = " + params.add(id), params) >
             0;
    });
  }

  Result<std::vector<Audience>> audiences(CatalogueId catalogue) override {
    return tx_.attempt("catalogue_audiences.list", false, [&] {
      QueryParams params;
      return audiences_where("ca.catalogue_id = " + params.add(catalogue), params);
    });
  }

  Result<std::optional<Audience>> find_audience(CatalogueId catalogue,
                                                AudienceId audience) override {
    return tx_.attempt("catalogue_audiences.find", false, [&]() -> std::optional<Audience> {
      QueryParams params;
      auto found = audiences_where(
          "ca.catalogue_id = " + params.add(catalogue) + " AND ca.id = " + params.add(audience),
          params);
      if (found.empty()) return std::nullopt;
      return std::move(found.front());
    });
  }

  Result<Audience> add_audience(const NewAudience& audience, TimePoint now) override {
    return tx_.attempt(
        "catalogue_audiences.create", true,
        [&]() -> Result<Audience> {
          QueryParams params;
          const long long at = to_unix_ms(now);
          const long long id = query_number(
              tx_,
              "INSERT INTO catalogue_audiences (catalogue_id, organisation_id, team_id, name, "
              "created_at, updated_at) VALUES (" +
                  params.add(audience.catalogue_id) + ", " + params.add(audience.organisation_id) +
                  ", " + params.add(audience.team_id) + ", " + params.add(audience.name) + ", " +
                  params.add(at) + ", " + params.add(at) + ") RETURNING id",
              params);
          QueryParams key;
          auto created = audiences_where("ca.id = " + key.add(id), key);
          if (created.empty()) throw std::runtime_error("the new audience vanished");
          return std::move(created.front());
        },
        &audience_conflict);
  }

  Result<bool> remove_audience(CatalogueId catalogue, AudienceId audience) override {
    return tx_.attempt("catalogue_audiences.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "DELETE FROM catalogue_audiences WHERE catalogue_id = " +
                         params.add(catalogue) + " AND id = " + params.add(audience),
                     params) > 0;
    });
  }

  Result<long long> content_version() override {
    return tx_.attempt("catalogues.content_version", false, [&] {
      return query_number(tx_, "SELECT version FROM content_version WHERE id = 1", {});
    });
  }

  Result<std::vector<policy::CatalogueFacts>> facts(
      const std::vector<CatalogueId>& catalogues) override {
    return tx_.attempt("catalogues.facts", false, [&] {
      std::vector<policy::CatalogueFacts> out;
      if (catalogues.empty()) return out;
      QueryParams params;
      std::string ids;
      for (CatalogueId id : catalogues) ids += (ids.empty() ? "" : ", ") + params.add(id);
      std::map<long long, policy::CatalogueFacts> by_id;
      const std::string in = " IN (" + ids + ")";
      const auto catalogues_read = fetch_all<CatalogueRow>(
          tx_, "SELECT " + catalogue_columns() + " FROM catalogues c WHERE c.id" + in, params,
          &to_catalogue);
      for (const Catalogue& c : catalogues_read) by_id[c.id].visibility = c.visibility;
      for (const Audience& a : audiences_where("ca.catalogue_id" + in, params)) {
        by_id[a.catalogue_id].audience.push_back({a.organisation_id, a.team_id});
      }
      for (auto& [id, facts] : by_id) out.push_back(std::move(facts));
      return out;
    });
  }

 private:
  std::optional<Catalogue> find_where(const std::string& condition, const QueryParams& params,
                                      const std::string& lock = {}) {
    return fetch_one<CatalogueRow>(
        tx_, "SELECT " + catalogue_columns() + " FROM catalogues c WHERE " + condition + lock,
        params, &to_catalogue);
  }

  std::vector<Audience> audiences_where(const std::string& condition, const QueryParams& params) {
    return fetch_all<AudienceRow>(tx_,
                                  "SELECT " + audience_columns() + " FROM " + audience_from() +
                                      " WHERE " + condition + " ORDER BY ca.id",
                                  params, [](const AudienceRow& row) { return row.to_audience(); });
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(CatalogueRepository, SociCatalogueRepository)  // NOLINT(cert-err58-cpp)

}  // namespace atrium::store
