#include "domain/apps/credential_repository.hpp"

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

const std::string& credential_columns() {
  static const std::string columns =
      "k.id, k.access_request_id, r.app_id, CASE WHEN k.key_hash IS NULL THEN 0 ELSE 1 END, "
      "k.key_prefix, k.expires_at, k.issued_at, k.revoked_at, k.created_at, k.updated_at";
  return columns;
}

constexpr std::string_view kCredentialsFrom =
    "credentials k JOIN access_requests r ON r.id = k.access_request_id";

struct CredentialRow {
  Credential credential;
  int issued = 0;
  NullableNumber expires_at;
  NullableNumber issued_at;
  NullableNumber revoked_at;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, credential.id);
    map_column(statement, credential.access_request_id);
    map_column(statement, credential.app_id);
    map_column(statement, issued);
    map_column(statement, credential.key_prefix);
    expires_at.exchange(statement);
    issued_at.exchange(statement);
    revoked_at.exchange(statement);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
};

Credential to_credential(const CredentialRow& row) {
  Credential out = row.credential;
  out.issued = row.issued != 0;
  out.expires_at = row.expires_at.time();
  out.issued_at = row.issued_at.time();
  out.revoked_at = row.revoked_at.time();
  out.created_at = from_unix_ms(row.created_at);
  out.updated_at = from_unix_ms(row.updated_at);
  return out;
}

class SociCredentialRepository final : public CredentialRepository {
 public:
  explicit SociCredentialRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Credential> create(AccessRequestId request, std::optional<TimePoint> expires_at,
                            TimePoint now) override {
    return tx_.attempt("credentials.create", true, [&]() -> Result<Credential> {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      const long long id = query_number(
          tx_.session(),
          "INSERT INTO credentials (access_request_id, expires_at, created_at, updated_at) "
          "VALUES (" +
              params.add(request) + ", " + params.add(unix_ms(expires_at)) + ", " + at + ", " + at +
              ") RETURNING id",
          params);
      return reread(id);
    });
  }

  Result<std::optional<Credential>> find(CredentialId id) override {
    return tx_.attempt("credentials.find", false, [&] {
      QueryParams params;
      return fetch_one<CredentialRow>(
          tx_.session(),
          "SELECT " + credential_columns() + " FROM " + std::string(kCredentialsFrom) +
              " WHERE k.id = " + params.add(id) + lock_rows_of(tx_, "k"),
          params, &to_credential);
    });
  }

  Result<std::vector<Credential>> list_for_request(AccessRequestId request) override {
    return tx_.attempt("credentials.list_for_request", false, [&] {
      QueryParams params;
      return fetch_all<CredentialRow>(
          tx_.session(),
          "SELECT " + credential_columns() + " FROM " + std::string(kCredentialsFrom) +
              " WHERE k.access_request_id = " + params.add(request) + " ORDER BY k.id",
          params, &to_credential);
    });
  }

  Result<std::vector<Credential>> list_for_app(AppId app) override {
    return tx_.attempt("credentials.list_for_app", false, [&] {
      QueryParams params;
      return fetch_all<CredentialRow>(tx_.session(),
                                      "SELECT " + credential_columns() + " FROM " +
                                          std::string(kCredentialsFrom) +
                                          " WHERE r.app_id = " + params.add(app) + " ORDER BY k.id",
                                      params, &to_credential);
    });
  }

  Result<Credential> set_key(CredentialId id, const KeyDigest& key,
                             std::optional<TimePoint> expires_at, TimePoint now) override {
    return tx_.attempt("credentials.set_key", true, [&]() -> Result<Credential> {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      const bool issued = !key.hash.empty();
      const std::string sql = "UPDATE credentials SET key_hash = " +
                              (issued ? params.add(key.hash) : std::string("NULL")) +
                              ", key_prefix = " + params.add(key.prefix) +
                              ", expires_at = " + params.add(unix_ms(expires_at)) +
                              ", issued_at = " + (issued ? at : std::string("NULL")) +
                              ", updated_at = " + at + " WHERE id = " + params.add(id);
      if (execute(tx_.session(), sql, params) == 0) {
        return fail(not_found("credential.not_found", "credential not found"));
      }
      return reread(id);
    });
  }

  Result<Credential> revoke(CredentialId id, TimePoint now) override {
    return tx_.attempt("credentials.revoke", true, [&]() -> Result<Credential> {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      if (execute(tx_.session(),
                  "UPDATE credentials SET revoked_at = " + at + ", updated_at = " + at +
                      " WHERE id = " + params.add(id),
                  params) == 0) {
        return fail(not_found("credential.not_found", "credential not found"));
      }
      return reread(id);
    });
  }

  Result<bool> remove(CredentialId id) override {
    return tx_.attempt("credentials.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM credentials WHERE id = " + params.add(id),
                     params) > 0;
    });
  }

 private:
  Credential reread(CredentialId id) {
    QueryParams key;
    auto credential =
        fetch_one<CredentialRow>(tx_.session(),
                                 "SELECT " + credential_columns() + " FROM " +
                                     std::string(kCredentialsFrom) + " WHERE k.id = " + key.add(id),
                                 key, &to_credential);
    if (!credential) throw std::runtime_error("the written credential vanished");
    return std::move(*credential);
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(CredentialRepository,  // NOLINT(cert-err58-cpp)
                        SociCredentialRepository)

}  // namespace atrium::store
