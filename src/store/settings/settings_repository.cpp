#include "domain/settings/settings_repository.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

class SociSettingsRepository final : public SettingsRepository {
 public:
  explicit SociSettingsRepository(SociTransaction& tx) : tx_(tx) {}

  Result<std::map<std::string, std::string>> load_all() override {
    return tx_.attempt("settings.load_all", false, [&] {
      std::map<std::string, std::string> out;
      std::string key;
      std::string value;
      soci::statement st(tx_.session());
      map_column(st, key);
      map_column(st, value);
      prepare(st, "SELECT key, value FROM settings ORDER BY key");
      st.execute(false);
      while (st.fetch()) out[key] = value;
      return out;
    });
  }

  Status put(std::string_view key, std::string_view value, TimePoint now) override {
    return tx_.attempt("settings.put", false, [&] {
      QueryParams params;
      const std::string value_param = params.add(std::string(value));
      const std::string at = params.add(to_unix_ms(now));
      execute(tx_.session(),
              "INSERT INTO settings (key, value, updated_at) VALUES (" +
                  params.add(std::string(key)) + ", " + value_param + ", " + at +
                  ") ON CONFLICT (key) DO UPDATE SET value = " + value_param +
                  ", updated_at = " + at,
              params);
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(SettingsRepository, SociSettingsRepository)

}  // namespace atrium::store
