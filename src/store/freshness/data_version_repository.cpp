#include "domain/freshness/data_versions.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_headers.hpp"
#include "store/soci_transaction.hpp"

namespace atrium::store {

namespace {

class SociDataVersionRepository final : public DataVersionRepository {
 public:
  explicit SociDataVersionRepository(SociTransaction& tx) : tx_(tx) {}

  // One statement: every poll of every node runs it.
  Result<DataVersions> read() override {
    return tx_.attempt("data_versions.read", false, [&] {
      DataVersions out;
      tx_.session() << "SELECT (SELECT version FROM directory_version WHERE id = 1), "
                       "(SELECT version FROM content_version WHERE id = 1), "
                       "(SELECT version FROM app_version WHERE id = 1), "
                       "(SELECT version FROM sign_in_version WHERE id = 1)",
          soci::into(out.directory), soci::into(out.content), soci::into(out.apps),
          soci::into(out.sign_in);
      return out;
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(DataVersionRepository, SociDataVersionRepository)

}  // namespace atrium::store
