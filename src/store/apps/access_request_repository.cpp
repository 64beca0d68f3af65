#include "domain/apps/access_request_repository.hpp"

#include <map>
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

const std::string& request_columns() {
  static const std::string columns =
      "r.id, r.app_id, r.user_id, r.plan_id, r.catalogue_id, r.status, "
      "CAST(r.provision_immediately AS INTEGER), r.reviewer_id, r.reviewed_at, r.reason, "
      "r.created_at, r.updated_at, p.display_name, COALESCE(c.name, ''), a.name, "
      "COALESCE(u.email, ''), COALESCE(o.organisation_id, 0)";
  return columns;
}

constexpr std::string_view kRequestsFrom =
    "access_requests r JOIN plans p ON p.id = r.plan_id JOIN apps a ON a.id = r.app_id "
    "JOIN users o ON o.id = a.user_id LEFT JOIN catalogues c ON c.id = r.catalogue_id "
    "LEFT JOIN users u ON u.id = r.user_id";

struct RequestRow {
  AccessRequest request;
  NullableNumber user;
  NullableNumber catalogue;
  std::string status;
  int provision = 0;
  NullableNumber reviewer;
  NullableNumber reviewed_at;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, request.id);
    map_column(statement, request.app_id);
    user.exchange(statement);
    map_column(statement, request.plan_id);
    catalogue.exchange(statement);
    map_column(statement, status);
    map_column(statement, provision);
    reviewer.exchange(statement);
    reviewed_at.exchange(statement);
    map_column(statement, request.reason);
    map_column(statement, created_at);
    map_column(statement, updated_at);
    map_column(statement, request.plan_name);
    map_column(statement, request.catalogue_name);
    map_column(statement, request.app_name);
    map_column(statement, request.requester_email);
    map_column(statement, request.app_organisation_id);
  }
};

AccessRequest to_request(const RequestRow& row) {
  AccessRequest out = row.request;
  out.user_id = row.user.number();
  out.catalogue_id = row.catalogue.number();
  out.status = parse_access_status(row.status).value_or(AccessStatus::kPending);
  out.provision_immediately = row.provision != 0;
  out.reviewer_id = row.reviewer.number();
  out.reviewed_at = row.reviewed_at.time();
  out.created_at = from_unix_ms(row.created_at);
  out.updated_at = from_unix_ms(row.updated_at);
  return out;
}

struct ProductNameRow {
  long long request = 0;
  long long product = 0;
  std::string name;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, request);
    map_column(statement, product);
    map_column(statement, name);
  }
};

std::vector<std::string> filter_terms(const AccessRequestFilter& filter, QueryParams& params) {
  std::vector<std::string> terms;
  if (filter.app_id) terms.push_back("r.app_id = " + params.add(*filter.app_id));
  if (filter.status) {
    terms.push_back("r.status = " + params.add(std::string(atrium::to_string(*filter.status))));
  }
  if (filter.organisation_id) {
    terms.push_back("o.organisation_id = " + params.add(*filter.organisation_id));
  }
  if (filter.plan_id) terms.push_back("r.plan_id = " + params.add(*filter.plan_id));
  if (filter.product_id) {
    terms.push_back(
        "EXISTS (SELECT 1 FROM access_request_products fp WHERE fp.access_request_id = r.id AND "
        "fp.product_id = " +
        params.add(*filter.product_id) + ")");
  }
  return terms;
}

class SociAccessRequestRepository final : public AccessRequestRepository {
 public:
  explicit SociAccessRequestRepository(SociTransaction& tx) : tx_(tx) {}

  Result<AccessRequest> create(const NewAccessRequest& request, TimePoint now) override {
    return tx_.attempt("access_requests.create", true, [&]() -> Result<AccessRequest> {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      const bool decided = request.status != AccessStatus::kPending;
      const long long id = query_number(
          tx_.session(),
          "INSERT INTO access_requests (app_id, user_id, plan_id, catalogue_id, status, "
          "provision_immediately, reviewed_at, created_at, updated_at) VALUES (" +
              params.add(request.app_id) + ", " + params.add(request.user_id) + ", " +
              params.add(request.plan_id) + ", " + params.add(request.catalogue_id) + ", " +
              params.add(std::string(atrium::to_string(request.status))) + ", " +
              params.add(request.provision_immediately ? 1LL : 0LL) + ", " +
              (decided ? at : std::string("NULL")) + ", " + at + ", " + at + ") RETURNING id",
          params);
      for (ProductId product : request.product_ids) {
        QueryParams link;
        execute(tx_.session(),
                "INSERT INTO access_request_products (access_request_id, product_id) VALUES (" +
                    link.add(id) + ", " + link.add(product) + ")",
                link);
      }
      return reread(id);
    });
  }

  Result<std::optional<AccessRequest>> find(AccessRequestId id) override {
    return tx_.attempt("access_requests.find", false, [&] {
      QueryParams params;
      auto found = fetch_one<RequestRow>(
          tx_.session(),
          "SELECT " + request_columns() + " FROM " + std::string(kRequestsFrom) +
              " WHERE r.id = " + params.add(id) + lock_rows_of(tx_, "r"),
          params, &to_request);
      if (found) add_products(*found);
      return found;
    });
  }

  Result<PageOf<AccessRequest>> list(const AccessRequestFilter& filter,
                                     const PageRequest& page) override {
    return tx_.attempt("access_requests.list", false, [&]() -> Result<PageOf<AccessRequest>> {
      QueryParams params;
      const std::string where = where_clause(filter_terms(filter, params));
      ATRIUM_ASSIGN_OR_RETURN(
          auto out,
          fetch_page<RequestRow>(tx_.session(), page, request_columns(), std::string(kRequestsFrom),
                                 where, "r.id", params, &to_request));
      add_products(out.items);
      return out;
    });
  }

  Result<AccessRequest> decide(AccessRequestId id, AccessStatus status, UserId reviewer,
                               std::string_view reason, TimePoint now) override {
    return tx_.attempt("access_requests.decide", true, [&]() -> Result<AccessRequest> {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      const std::string sql = "UPDATE access_requests SET status = " +
                              params.add(std::string(atrium::to_string(status))) +
                              ", reviewer_id = " + params.add(reviewer) +
                              ", reason = " + params.add(std::string(reason)) +
                              ", reviewed_at = " + at + ", updated_at = " + at +
                              " WHERE id = " + params.add(id);
      if (execute(tx_.session(), sql, params) == 0) {
        return fail(not_found("access_request.not_found", "access request not found"));
      }
      return reread(id);
    });
  }

  Result<bool> remove(AccessRequestId id) override {
    return tx_.attempt("access_requests.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM access_requests WHERE id = " + params.add(id),
                     params) > 0;
    });
  }

  Result<long long> count_pending(AppId app, PlanId plan,
                                  const std::vector<ProductId>& products) override {
    return tx_.attempt("access_requests.count_pending", false, [&] {
      QueryParams params;
      const std::string count = params.add(static_cast<long long>(products.size()));
      // Exactly these products: as many links as products, all of them among the products.
      return query_number(
          tx_.session(),
          "SELECT COUNT(*) FROM access_requests r WHERE r.app_id = " + params.add(app) +
              " AND r.plan_id = " + params.add(plan) +
              " AND r.status = 'pending' AND (SELECT COUNT(*) FROM access_request_products rp "
              "WHERE rp.access_request_id = r.id) = " +
              count +
              " AND NOT EXISTS (SELECT 1 FROM access_request_products rp WHERE "
              "rp.access_request_id = r.id AND rp.product_id NOT IN (" +
              id_list(products, params) + "))",
          params);
    });
  }

  Result<long long> count_open_for_user(UserId user, PlanId plan) override {
    return tx_.attempt("access_requests.count_open", false, [&] {
      QueryParams params;
      return query_number(
          tx_.session(),
          "SELECT COUNT(*) FROM access_requests WHERE user_id = " + params.add(user) +
              " AND plan_id = " + params.add(plan) + " AND status IN ('pending', 'approved')",
          params);
    });
  }

 private:
  AccessRequest reread(AccessRequestId id) {
    QueryParams key;
    auto request =
        fetch_one<RequestRow>(tx_.session(),
                              "SELECT " + request_columns() + " FROM " +
                                  std::string(kRequestsFrom) + " WHERE r.id = " + key.add(id),
                              key, &to_request);
    if (!request) throw std::runtime_error("the written access request vanished");
    add_products(*request);
    return std::move(*request);
  }

  void add_products(AccessRequest& request) {
    std::vector<AccessRequest> one{std::move(request)};
    add_products(one);
    request = std::move(one.front());
  }

  // The products of each request, by id, in one query.
  void add_products(std::vector<AccessRequest>& requests) {
    if (requests.empty()) return;
    std::vector<long long> ids;
    std::map<long long, AccessRequest*> by_id;
    for (AccessRequest& r : requests) {
      ids.push_back(r.id);
      by_id[r.id] = &r;
    }
    QueryParams params;
    const auto rows = fetch_all<ProductNameRow>(
        tx_.session(),
        "SELECT rp.access_request_id, pr.id, pr.display_name FROM access_request_products rp JOIN "
        "products pr ON pr.id = rp.product_id WHERE rp.access_request_id IN (" +
            id_list(ids, params) + ") ORDER BY rp.access_request_id, pr.id",
        params, [](const ProductNameRow& row) { return row; });
    for (const ProductNameRow& row : rows) {
      AccessRequest* request = by_id[row.request];
      request->product_ids.push_back(row.product);
      request->product_names.push_back(row.name);
    }
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(AccessRequestRepository,  // NOLINT(cert-err58-cpp)
                        SociAccessRequestRepository)

}  // namespace atrium::store
