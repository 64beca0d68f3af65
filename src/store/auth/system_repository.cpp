#include "domain/auth/system_repository.hpp"

#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_errors.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

class SociSystemRepository final : public SystemRepository {
 public:
  explicit SociSystemRepository(SociTransaction& tx) : tx_(tx) {}

  Status mark_bootstrapped(TimePoint now) override {
    return tx_.attempt(
        "system.mark_bootstrapped", true,
        [&] {
          long long at = to_unix_ms(now);
          soci::statement st(tx_.session());
          st.exchange(soci::use(at));
          prepare(st, "INSERT INTO system_flags (name, created_at) VALUES ('bootstrapped', :now)");
          st.execute(true);
        },
        &bootstrap_conflict);
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(SystemRepository, SociSystemRepository)

}  // namespace atrium::store
