#include "domain/gateway/gateway_repository.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

// Keys per IN list: well under SQLite's parameter limit.
constexpr std::size_t kHashBatch = 500;
// Credential ids per range of a full load.
constexpr CredentialId kCredentialsPerRange = 50'000;
// Usage rows per upsert (3 parameters each). SQLite finds each named parameter by a linear search
// of the names before it, so preparing a statement costs the square of its parameters: at 1,000
// rows a flush of 9,000 active keys took 39 % of a loaded server's CPU (perf; docs/gateway.md,
// "Quotas across nodes"). At 100 rows the search is a tenth as long, and it is done once per
// connection and batch size (the statement cache).
constexpr std::size_t kUsageBatch = 100;

// CROSS JOIN: SQLite then reads the credentials first, by the id range or key hashes of the
// filter; left to itself (no statistics) it walked every approved access request for each range
// of a full load, 39 s at a million keys (docs/gateway.md, "Memory"). PostgreSQL plans it as the
// inner join it is.
constexpr std::string_view kLiveFrom =
    " FROM credentials k CROSS JOIN access_requests r"
    " JOIN apps a ON a.id = r.app_id JOIN users u ON u.id = a.user_id";
constexpr std::string_view kLiveWhere =
    " WHERE r.id = k.access_request_id AND k.key_hash IS NOT NULL AND k.revoked_at IS NULL"
    " AND r.status = 'approved' AND CAST(u.active AS INTEGER) = 1";

// A key's grant as read, its plan by value until the APIs are merged in and it is interned.
struct GrantRow {
  KeyGrant key;
  GrantPlan plan;
  NullableNumber expires_at;
  int unlimited_rate = 0;
  int unlimited_quota = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    Grant& g = key.grant;
    map_column(statement, g.credential_id);
    map_column(statement, key.key_hash);
    expires_at.exchange(statement);
    map_column(statement, g.app_id);
    map_column(statement, g.app_name);
    map_column(statement, g.developer_id);
    map_column(statement, g.developer_email);
    map_column(statement, g.organisation_id);
    map_column(statement, g.organisation_name);
    map_column(statement, plan.plan_id);
    map_column(statement, plan.plan_name);
    map_column(statement, plan.limits.rate);
    map_column(statement, plan.limits.per);
    map_column(statement, unlimited_rate);
    map_column(statement, plan.limits.quota);
    map_column(statement, plan.limits.quota_period);
    map_column(statement, unlimited_quota);
  }
};

GrantRow completed(GrantRow&& row) {
  row.key.grant.expires_at = row.expires_at.time();
  row.plan.limits.unlimited_rate = row.unlimited_rate != 0;
  row.plan.limits.unlimited_quota = row.unlimited_quota != 0;
  return std::move(row);
}

struct ApiRow {
  CredentialId credential_id = 0;
  GrantApi api;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, credential_id);
    map_column(statement, api.product_id);
    map_column(statement, api.product_name);
    map_column(statement, api.listen_path);
  }
};

struct ChangeRow {
  KeyChange change;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, change.seq);
    map_column(statement, change.key_hash);
  }
};

const std::string& grant_query() {
  static const std::string query =
      "SELECT k.id, k.key_hash, k.expires_at, a.id, a.name, u.id, u.email,"
      " COALESCE(u.organisation_id, 0), COALESCE(o.name, ''), p.id, p.name, p.rate_limit, p.per,"
      " CAST(p.unlimited_rate AS INTEGER), p.quota, p.quota_renewal,"
      " CAST(p.unlimited_quota AS INTEGER)" +
      std::string(kLiveFrom) +
      " LEFT JOIN organisations o ON o.id = u.organisation_id"
      " JOIN plans p ON p.id = r.plan_id" +
      std::string(kLiveWhere);
  return query;
}

const std::string& api_query() {
  static const std::string query =
      "SELECT k.id, pr.id, pr.name, pa.listen_path" + std::string(kLiveFrom) +
      " JOIN access_request_products x ON x.access_request_id = r.id"
      " JOIN products pr ON pr.id = x.product_id"
      " JOIN product_apis pa ON pa.product_id = pr.id" +
      std::string(kLiveWhere) + " AND CAST(pa.status AS INTEGER) = 1 AND pa.listen_path <> ''";
  return query;
}

// Appends the live keys that `filter` selects (an AND clause on k) to `out`, each distinct plan
// shared through `plans`. From a session (one-time queries) or a transaction (SQLite's statement
// cache and direct column reads, for the full load's repeated range query).
template <typename Source>
void append_grants(Source& session, const std::string& filter, const QueryParams& params,
                   GrantPlanPool& plans, std::vector<KeyGrant>& out) {
  auto rows =
      fetch_all<GrantRow>(session, grant_query() + filter + " ORDER BY k.id", params, &completed);
  auto apis =
      fetch_all<ApiRow>(session, api_query() + filter + " ORDER BY k.id, pr.id, pa.position",
                        params, [](ApiRow&& row) { return std::move(row); });
  // Both are ordered by credential id: merge.
  std::size_t next = 0;
  for (GrantRow& row : rows) {
    const CredentialId id = row.key.grant.credential_id;
    while (next < apis.size() && apis[next].credential_id < id) ++next;
    while (next < apis.size() && apis[next].credential_id == id) {
      row.plan.apis.push_back(std::move(apis[next].api));
      ++next;
    }
    row.key.grant.plan = plans.intern(std::move(row.plan));
    out.push_back(std::move(row.key));
  }
}

// Every live key, read by ranges of credential ids: what is read is held once as rows and once
// as grants, so ranges keep the load's peak memory near the grants' own size at a million keys.
// A key issued after the highest id was read is logged past the seq the caller read before.
std::vector<KeyGrant> load_all_grants(SociTransaction& tx) {
  CredentialId highest = 0;
  soci::indicator none = soci::i_ok;
  tx.session() << "SELECT MAX(id) FROM credentials", soci::into(highest, none);
  GrantPlanPool plans;
  std::vector<KeyGrant> out;
  for (CredentialId after = 0; none == soci::i_ok && after < highest;
       after += kCredentialsPerRange) {
    QueryParams params;
    std::string range = " AND k.id > " + params.add(after);
    range += " AND k.id <= " + params.add(after + kCredentialsPerRange);
    append_grants(tx, range, params, plans, out);
  }
  return out;
}

// The live keys among `hashes`.
std::vector<KeyGrant> load_grants(soci::session& session, const std::vector<std::string>& hashes) {
  QueryParams params;
  std::string filter = " AND k.key_hash IN (";
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    filter += (i == 0 ? "" : ", ") + params.add(hashes[i]);
  }
  filter += ")";
  GrantPlanPool plans;
  std::vector<KeyGrant> out;
  append_grants(session, filter, params, plans, out);
  return out;
}

// A count to add to a key's usage row of one period.
struct UsageCount {
  CredentialId credential_id = 0;
  TimePoint period_start;
  long long requests = 0;
};

// A usage row's total after an upsert.
struct UsageTotalRow {
  CredentialId credential_id = 0;
  long long requests = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, credential_id);
    map_column(statement, requests);
  }
};

// Full batches, then the rest in powers of two: a flush uses a handful of statement texts, each
// prepared once per connection (SQLite's statement cache), whatever the number of keys.
std::size_t usage_batch_size(std::size_t left) {
  return left >= kUsageBatch ? kUsageBatch : std::bit_floor(left);
}

long long total_of(const std::unordered_map<CredentialId, long long>& totals, CredentialId id) {
  const auto found = totals.find(id);
  return found == totals.end() ? 0 : found->second;
}

std::string bigint(const std::string& placeholder) { return "CAST(" + placeholder + " AS BIGINT)"; }

TimePoint day_of(TimePoint t) {
  return TimePoint(std::chrono::floor<std::chrono::days>(t.time_since_epoch()));
}

class SociGatewayRepository final : public GatewayRepository {
 public:
  explicit SociGatewayRepository(SociTransaction& tx) : tx_(tx) {}

  Result<GrantSourceVersions> source_versions() override {
    return tx_.attempt("gateway.source_versions", false, [&] {
      GrantSourceVersions out;
      out.content = query_number(tx_.session(), "SELECT version FROM content_version", {});
      out.directory = query_number(tx_.session(), "SELECT version FROM directory_version", {});
      out.apps = query_number(tx_.session(), "SELECT version FROM app_version", {});
      return out;
    });
  }

  Result<long long> last_change() override {
    return tx_.attempt("gateway.last_change", false, [&] {
      return query_number(tx_.session(), "SELECT COALESCE(MAX(seq), 0) FROM credential_changes",
                          {});
    });
  }

  Result<std::vector<KeyChange>> changes_after(long long after, long long limit) override {
    return tx_.attempt("gateway.changes_after", false, [&] {
      QueryParams params;
      return fetch_all<ChangeRow>(tx_.session(),
                                  "SELECT seq, key_hash FROM credential_changes WHERE seq > " +
                                      params.add(after) + " ORDER BY seq LIMIT " +
                                      params.add(limit),
                                  params, [](ChangeRow&& row) { return std::move(row.change); });
    });
  }

  Result<std::vector<KeyGrant>> live_grants() override {
    return tx_.attempt("gateway.live_grants", false, [&] { return load_all_grants(tx_); });
  }

  Result<std::vector<KeyGrant>> live_grants_of(const std::vector<std::string>& hashes) override {
    return tx_.attempt("gateway.live_grants_of", false, [&] {
      std::vector<KeyGrant> out;
      for (std::size_t start = 0; start < hashes.size(); start += kHashBatch) {
        const auto end = std::min(hashes.size(), start + kHashBatch);
        auto part = load_grants(tx_.session(),
                                std::vector<std::string>(hashes.begin() + static_cast<long>(start),
                                                         hashes.begin() + static_cast<long>(end)));
        std::move(part.begin(), part.end(), std::back_inserter(out));
      }
      return out;
    });
  }

  Result<long long> prune_changes(TimePoint before) override {
    return tx_.attempt("gateway.prune_changes", false, [&] {
      QueryParams params;
      return execute(
          tx_.session(),
          "DELETE FROM credential_changes WHERE changed_at < " + params.add(to_unix_ms(before)),
          params);
    });
  }

  // Batched: a flush of many keys is a few statements, not a few per key, and each upsert returns
  // the shared totals it leaves. Totals come back for the keys with a quota only (what the
  // counters need to refuse in time).
  Result<std::vector<UsageTotals>> add_usage(const std::vector<UsageDelta>& deltas) override {
    return tx_.attempt("gateway.add_usage", false, [&] {
      std::vector<UsageCount> quota_counts;
      std::vector<UsageCount> day_counts;
      day_counts.reserve(deltas.size());
      for (const UsageDelta& delta : deltas) {
        if (delta.quota_start) {
          quota_counts.push_back({delta.credential_id, *delta.quota_start, delta.requests});
        }
        day_counts.push_back({delta.credential_id, day_of(delta.day_start), delta.requests});
      }
      const auto quota_used = add_counts(quota_counts, "quota");
      const auto today = add_counts(day_counts, "day");
      std::vector<UsageTotals> out;
      out.reserve(quota_counts.size());
      for (const UsageDelta& delta : deltas) {
        if (!delta.quota_start) continue;
        out.push_back({.credential_id = delta.credential_id,
                       .quota_start = delta.quota_start,
                       .day_start = day_of(delta.day_start),
                       .quota_used = total_of(quota_used, delta.credential_id),
                       .today = total_of(today, delta.credential_id)});
      }
      return out;
    });
  }

  Result<UsageTotals> usage(CredentialId credential, std::optional<TimePoint> quota_start,
                            TimePoint day_start) override {
    return tx_.attempt("gateway.usage", false,
                       [&] { return totals(credential, quota_start, day_start); });
  }

 private:
  // Adds the counts to their `period` rows; returns each key's total after the addition. Keys
  // deleted since they were counted are left out (their usage went with them).
  std::unordered_map<CredentialId, long long> add_counts(const std::vector<UsageCount>& counts,
                                                         const std::string& period) {
    std::unordered_map<CredentialId, long long> totals;
    totals.reserve(counts.size());
    for (std::size_t start = 0; start < counts.size();) {
      const std::size_t end = start + usage_batch_size(counts.size() - start);
      QueryParams params;
      const std::string period_value = params.add(period);
      std::string rows;
      for (std::size_t i = start; i < end; ++i) {
        // Typed: PostgreSQL reads untyped parameters in VALUES as text.
        rows += (rows.empty() ? "(" : ", (") + bigint(params.add(counts[i].credential_id)) + ", " +
                period_value + ", " + bigint(params.add(to_unix_ms(counts[i].period_start))) +
                ", " + bigint(params.add(counts[i].requests)) + ")";
      }
      const auto added = fetch_all<UsageTotalRow>(
          tx_,
          "WITH v (id, period, start, n) AS (VALUES " + rows +
              ") INSERT INTO credential_usage (credential_id, period, period_start, requests)"
              " SELECT v.id, v.period, v.start, v.n FROM v JOIN credentials k ON k.id = v.id"
              " WHERE true ON CONFLICT (credential_id, period, period_start)"
              " DO UPDATE SET requests = credential_usage.requests + excluded.requests"
              " RETURNING credential_id, requests",
          params, [](UsageTotalRow&& row) { return row; });
      for (const UsageTotalRow& row : added) totals[row.credential_id] = row.requests;
      start = end;
    }
    return totals;
  }

  long long count(CredentialId credential, std::string period, TimePoint start) {
    QueryParams params;
    return query_optional_number(tx_.session(),
                                 "SELECT requests FROM credential_usage WHERE credential_id = " +
                                     params.add(credential) +
                                     " AND period = " + params.add(std::move(period)) +
                                     " AND period_start = " + params.add(to_unix_ms(start)),
                                 params)
        .value_or(0);
  }

  UsageTotals totals(CredentialId credential, std::optional<TimePoint> quota_start,
                     TimePoint day_start) {
    return {.credential_id = credential,
            .quota_start = quota_start,
            .day_start = day_of(day_start),
            .quota_used = quota_start ? count(credential, "quota", *quota_start) : 0,
            .today = count(credential, "day", day_of(day_start))};
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(GatewayRepository,  // NOLINT(cert-err58-cpp)
                        SociGatewayRepository)

}  // namespace atrium::store
