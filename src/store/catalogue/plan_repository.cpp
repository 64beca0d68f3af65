#include "domain/catalogue/plan_repository.hpp"

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

Error plan_conflict(const SqlFailure& failure) {
  return unique_conflict(failure, "plans",
                         {{"plans.name_key", "plans_name_key", "plan.name_taken",
                           "a plan with this name already exists", "Name"}});
}

const std::string& plan_columns() {
  static const std::string columns =
      "p.id, p.cid, p.provider_id, p.name, p.display_name, p.description, p.reference_id, "
      "p.rate_limit, p.per, CAST(p.unlimited_rate AS INTEGER), p.quota, p.quota_renewal, "
      "CAST(p.unlimited_quota AS INTEGER), p.key_expires_in, CAST(p.auto_approve AS INTEGER), "
      "p.jwt_scope, p.metadata, p.access_request_limit, p.created_at, p.updated_at";
  return columns;
}

struct PlanRow {
  Plan plan;
  int unlimited_rate = 0;
  int unlimited_quota = 0;
  int auto_approve = 0;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    PlanFields& f = plan.fields;
    map_column(statement, plan.id);
    map_column(statement, plan.cid);
    map_column(statement, plan.provider_id);
    map_column(statement, f.name);
    map_column(statement, f.display_name);
    map_column(statement, f.description);
    map_column(statement, f.reference_id);
    map_column(statement, f.rate_limit);
    map_column(statement, f.per);
    map_column(statement, unlimited_rate);
    map_column(statement, f.quota);
    map_column(statement, f.quota_renewal_rate);
    map_column(statement, unlimited_quota);
    map_column(statement, f.key_expires_in);
    map_column(statement, auto_approve);
    map_column(statement, f.jwt_scope);
    map_column(statement, f.metadata_json);
    map_column(statement, f.access_request_limit);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  Plan to_plan() const {
    Plan out = plan;
    out.fields.unlimited_rate_limit = unlimited_rate != 0;
    out.fields.unlimited_quota = unlimited_quota != 0;
    out.fields.auto_approve = auto_approve != 0;
    out.created_at = from_unix_ms(created_at);
    out.updated_at = from_unix_ms(updated_at);
    return out;
  }
};

Plan to_plan(const PlanRow& row) { return row.to_plan(); }

ColumnValues plan_values(const PlanFields& f, QueryParams& params) {
  ColumnValues v;
  v.set("name", params.add(f.name));
  v.set("name_key", params.add(ascii_lower(f.name)));
  v.set("display_name", params.add(f.display_name));
  v.set("description", params.add(f.description));
  v.set("reference_id", params.add(f.reference_id));
  v.set("rate_limit", params.add(f.rate_limit));
  v.set("per", params.add(f.per));
  v.set("unlimited_rate", params.add(f.unlimited_rate_limit ? 1LL : 0LL));
  v.set("quota", params.add(f.quota));
  v.set("quota_renewal", params.add(f.quota_renewal_rate));
  v.set("unlimited_quota", params.add(f.unlimited_quota ? 1LL : 0LL));
  v.set("key_expires_in", params.add(f.key_expires_in));
  v.set("auto_approve", params.add(f.auto_approve ? 1LL : 0LL));
  v.set("jwt_scope", params.add(f.jwt_scope));
  v.set("metadata", params.add(f.metadata_json));
  v.set("access_request_limit", params.add(f.access_request_limit));
  return v;
}

class SociPlanRepository final : public PlanRepository {
 public:
  explicit SociPlanRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Plan> create(std::string_view cid, ProviderId provider, const PlanFields& fields,
                      TimePoint now) override {
    return tx_.attempt(
        "plans.create", true,
        [&]() -> Result<Plan> {
          QueryParams params;
          const ColumnValues values = plan_values(fields, params);
          const std::string at = params.add(to_unix_ms(now));
          const long long id =
              query_number(tx_,
                           "INSERT INTO plans (cid, provider_id, " + values.names() +
                               ", created_at, updated_at) VALUES (" + params.add(std::string(cid)) +
                               ", " + params.add(provider) + ", " + values.values() + ", " + at +
                               ", " + at + ") RETURNING id",
                           params);
          return reread(id);
        },
        &plan_conflict);
  }

  Result<std::optional<Plan>> find(PlanId id) override {
    return tx_.attempt("plans.find", false, [&] {
      QueryParams params;
      return fetch_one<PlanRow>(tx_,
                                "SELECT " + plan_columns() + " FROM plans p WHERE p.id = " +
                                    params.add(id) + tx_.for_update(),
                                params, &to_plan);
    });
  }

  Result<PageOf<Plan>> list(const PageRequest& page) override {
    return tx_.attempt("plans.list", false, [&] {
      return fetch_page<PlanRow>(tx_.session(), page, plan_columns(), "plans p", "", "p.id", {},
                                 &to_plan);
    });
  }

  Result<Plan> update(PlanId id, const PlanFields& fields, TimePoint now) override {
    return tx_.attempt(
        "plans.update", true,
        [&]() -> Result<Plan> {
          QueryParams params;
          const ColumnValues values = plan_values(fields, params);
          const std::string sql = "UPDATE plans SET " + values.assignments() +
                                  ", updated_at = " + params.add(to_unix_ms(now)) +
                                  " WHERE id = " + params.add(id);
          if (execute(tx_.session(), sql, params) == 0) {
            return fail(not_found("plan.not_found", "plan not found"));
          }
          return reread(id);
        },
        &plan_conflict);
  }

  Result<bool> remove(PlanId id) override {
    return tx_.attempt(
        "plans.remove", true,
        [&] {
          QueryParams params;
          return execute(tx_.session(), "DELETE FROM plans WHERE id = " + params.add(id), params) >
                 0;
        },
        &plan_in_use);
  }

  Result<std::vector<Plan>> list_visible(const policy::CatalogueScope& scope) override {
    return tx_.attempt("plans.list_visible", false, [&] {
      QueryParams params;
      const std::string condition = visible_catalogue_condition(scope, params, "c");
      return fetch_all<PlanRow>(
          tx_,
          "SELECT " + plan_columns() +
              " FROM plans p WHERE EXISTS (SELECT 1 FROM plan_catalogues pc JOIN catalogues c ON "
              "c.id = pc.catalogue_id WHERE pc.plan_id = p.id AND " +
              condition + ") ORDER BY p.id",
          params, &to_plan);
    });
  }

  Result<std::vector<Plan>> list_in_catalogues(
      const std::vector<CatalogueId>& catalogues) override {
    return tx_.attempt("plans.list_in_catalogues", false, [&] {
      std::vector<Plan> out;
      if (catalogues.empty()) return out;
      QueryParams params;
      std::string ids;
      for (CatalogueId id : catalogues) ids += (ids.empty() ? "" : ", ") + params.add(id);
      out = fetch_all<PlanRow>(tx_,
                               "SELECT " + plan_columns() +
                                   " FROM plans p WHERE EXISTS (SELECT 1 FROM plan_catalogues pc "
                                   "WHERE pc.plan_id = p.id AND pc.catalogue_id IN (" +
                                   ids + ")) ORDER BY p.id",
                               params, &to_plan);
      return out;
    });
  }

  Result<std::vector<Catalogue>> catalogues(PlanId plan) override {
    return tx_.attempt("plans.catalogues", false,
                       [&] { return linked_catalogues(tx_, "plan_catalogues", "plan_id", plan); });
  }

  Status set_catalogues(PlanId plan, const std::vector<CatalogueId>& ids) override {
    return tx_.attempt_all("plans.set_catalogues", [&] {
      replace_links(tx_, "plan_catalogues", "plan_id", plan, "catalogue_id", ids);
    });
  }

  Result<std::vector<std::string>> names_in_catalogue(CatalogueId catalogue) override {
    return tx_.attempt("plans.names_in_catalogue", false, [&] {
      return store::names_in_catalogue(tx_, "plans", "plan_catalogues", "plan_id", catalogue);
    });
  }

  Status set_plans_of_catalogue(CatalogueId catalogue, const std::vector<PlanId>& ids) override {
    return tx_.attempt_all("plans.set_plans_of_catalogue", [&] {
      replace_links(tx_, "plan_catalogues", "catalogue_id", catalogue, "plan_id", ids);
    });
  }

 private:
  Plan reread(PlanId id) {
    QueryParams key;
    auto plan = fetch_one<PlanRow>(
        tx_, "SELECT " + plan_columns() + " FROM plans p WHERE p.id = " + key.add(id), key,
        &to_plan);
    if (!plan) throw std::runtime_error("the written plan vanished");
    return std::move(*plan);
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(PlanRepository, SociPlanRepository)  // NOLINT(cert-err58-cpp)

}  // namespace atrium::store
