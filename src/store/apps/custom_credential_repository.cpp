#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/apps/credential_repository.hpp"
#include "store/apps/app_sql.hpp"
#include "store/catalogue/catalogue_sql.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

Error key_conflict(const SqlFailure& failure) {
  return unique_conflict(
      failure, "custom_credentials",
      {{"custom_credentials.key_hash", "custom_credentials_key_hash_key", "credential.key_taken",
        "another credential has this key", "CredentialKey"}});
}

const std::string& custom_columns() {
  static const std::string columns =
      "k.id, k.app_id, k.alias, k.type, k.plan_id, k.authentication_method, k.auth_token_type, "
      "k.key_id, k.key_prefix, k.created_at, k.updated_at";
  return columns;
}

struct CustomRow {
  CustomCredential credential;
  NullableNumber plan;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    CustomCredentialFields& f = credential.fields;
    map_column(statement, credential.id);
    map_column(statement, credential.app_id);
    map_column(statement, f.alias);
    map_column(statement, f.type);
    plan.exchange(statement);
    map_column(statement, f.authentication_method);
    map_column(statement, f.auth_token_type);
    map_column(statement, f.key_id);
    map_column(statement, credential.key_prefix);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
};

CustomCredential to_custom(const CustomRow& row) {
  CustomCredential out = row.credential;
  out.fields.plan_id = row.plan.number();
  out.created_at = from_unix_ms(row.created_at);
  out.updated_at = from_unix_ms(row.updated_at);
  return out;
}

class SociCustomCredentialRepository final : public CustomCredentialRepository {
 public:
  explicit SociCustomCredentialRepository(SociTransaction& tx) : tx_(tx) {}

  Result<CustomCredential> create(AppId app, const CustomCredentialFields& f,
                                  const std::optional<KeyDigest>& key, TimePoint now) override {
    return tx_.attempt(
        "custom_credentials.create", true,
        [&]() -> Result<CustomCredential> {
          QueryParams params;
          const std::string at = params.add(to_unix_ms(now));
          const long long id = query_number(
              tx_.session(),
              "INSERT INTO custom_credentials (app_id, alias, type, plan_id, "
              "authentication_method, auth_token_type, key_id, key_hash, key_prefix, created_at, "
              "updated_at) VALUES (" +
                  params.add(app) + ", " + params.add(f.alias) + ", " + params.add(f.type) + ", " +
                  params.add(f.plan_id) + ", " + params.add(f.authentication_method) + ", " +
                  params.add(f.auth_token_type) + ", " + params.add(f.key_id) + ", " +
                  (key ? params.add(key->hash) : std::string("NULL")) + ", " +
                  params.add(key ? key->prefix : std::string()) + ", " + at + ", " + at +
                  ") RETURNING id",
              params);
          for (ProductId product : f.product_ids) {
            QueryParams link;
            execute(tx_.session(),
                    "INSERT INTO custom_credential_products (custom_credential_id, product_id) "
                    "VALUES (" +
                        link.add(id) + ", " + link.add(product) + ")",
                    link);
          }
          return reread(id);
        },
        &key_conflict);
  }

  Result<std::optional<CustomCredential>> find(AppId app, long long id) override {
    return tx_.attempt(
        "custom_credentials.find", false, [&]() -> Result<std::optional<CustomCredential>> {
          QueryParams params;
          auto found =
              fetch_one<CustomRow>(tx_.session(),
                                   "SELECT " + custom_columns() +
                                       " FROM custom_credentials k WHERE k.id = " + params.add(id) +
                                       " AND k.app_id = " + params.add(app) + tx_.for_update(),
                                   params, &to_custom);
          if (found) add_products(*found);
          return found;
        });
  }

  Result<std::vector<CustomCredential>> list(AppId app) override {
    return tx_.attempt("custom_credentials.list", false, [&] {
      QueryParams params;
      auto out = fetch_all<CustomRow>(
          tx_.session(),
          "SELECT " + custom_columns() +
              " FROM custom_credentials k WHERE k.app_id = " + params.add(app) + " ORDER BY k.id",
          params, &to_custom);
      for (CustomCredential& c : out) add_products(c);
      return out;
    });
  }

  Result<CustomCredential> set_alias(long long id, std::string_view alias, TimePoint now) override {
    return tx_.attempt("custom_credentials.set_alias", true, [&]() -> Result<CustomCredential> {
      QueryParams params;
      if (execute(tx_.session(),
                  "UPDATE custom_credentials SET alias = " + params.add(std::string(alias)) +
                      ", updated_at = " + params.add(to_unix_ms(now)) +
                      " WHERE id = " + params.add(id),
                  params) == 0) {
        return fail(not_found("credential.not_found", "credential not found"));
      }
      return reread(id);
    });
  }

  Result<bool> remove(long long id) override {
    return tx_.attempt("custom_credentials.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM custom_credentials WHERE id = " + params.add(id),
                     params) > 0;
    });
  }

 private:
  CustomCredential reread(long long id) {
    QueryParams key;
    auto found = fetch_one<CustomRow>(
        tx_.session(),
        "SELECT " + custom_columns() + " FROM custom_credentials k WHERE k.id = " + key.add(id),
        key, &to_custom);
    if (!found) throw std::runtime_error("the written credential vanished");
    add_products(*found);
    return std::move(*found);
  }

  void add_products(CustomCredential& credential) {
    QueryParams params;
    credential.fields.product_ids = fetch_all<NumberRow>(
        tx_.session(),
        "SELECT product_id FROM custom_credential_products WHERE custom_credential_id = " +
            params.add(credential.id) + " ORDER BY product_id",
        params, [](const NumberRow& row) { return row.value; });
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(CustomCredentialRepository,  // NOLINT(cert-err58-cpp)
                        SociCustomCredentialRepository)

}  // namespace atrium::store
