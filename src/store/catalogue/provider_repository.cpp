#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/catalogue/product_repository.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

const std::string& provider_select() {
  static const std::string columns =
      "SELECT v.id, v.name, v.type, v.created_at, v.updated_at FROM providers v";
  return columns;
}

struct ProviderRow {
  Provider provider;
  long long created_at = 0;
  long long updated_at = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, provider.id);
    map_column(statement, provider.name);
    map_column(statement, provider.type);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
};

Provider to_provider(const ProviderRow& row) {
  Provider out = row.provider;
  out.created_at = from_unix_ms(row.created_at);
  out.updated_at = from_unix_ms(row.updated_at);
  return out;
}

class SociProviderRepository final : public ProviderRepository {
 public:
  explicit SociProviderRepository(SociTransaction& tx) : tx_(tx) {}

  Result<std::vector<Provider>> list() override {
    return tx_.attempt("providers.list", false, [&] {
      return fetch_all<ProviderRow>(tx_, provider_select() + " ORDER BY v.id", {}, &to_provider);
    });
  }

  Result<std::optional<Provider>> find(ProviderId id) override {
    return tx_.attempt("providers.find", false, [&] {
      QueryParams params;
      return fetch_one<ProviderRow>(tx_, provider_select() + " WHERE v.id = " + params.add(id),
                                    params, &to_provider);
    });
  }

  Result<Provider> built_in() override {
    return tx_.attempt("providers.built_in", false, [&] {
      // The catalogue migration creates it; nothing deletes it.
      auto found = fetch_one<ProviderRow>(tx_, provider_select() + " WHERE v.type = 'atrium'", {},
                                          &to_provider);
      if (!found) throw std::runtime_error("the built-in provider is missing");
      return std::move(*found);
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(ProviderRepository, SociProviderRepository)  // NOLINT(cert-err58-cpp)

}  // namespace atrium::store
