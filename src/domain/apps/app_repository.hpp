#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class AppRepository : public Repository {
 public:
  ~AppRepository() override = default;
  // The database refuses a missing owner (storage.missing_reference).
  virtual Result<App> create(std::string_view cid, const AppFields& fields, TimePoint now) = 0;
  // Locked on PostgreSQL in a write.
  virtual Result<std::optional<App>> find(AppId id) = 0;
  virtual Result<PageOf<App>> list(const AppFilter& filter, const PageRequest& page) = 0;
  // The apps the scope shows, ordered by id (DESIGN §2 apps row).
  virtual Result<PageOf<App>> list_visible(const AppScope& scope, const PageRequest& page) = 0;
  // kNotFound "app.not_found".
  virtual Result<App> update(AppId id, const AppFields& fields, TimePoint now) = 0;
  // Deletes it with its access requests and credentials; false when there was none.
  virtual Result<bool> remove(AppId id) = 0;
  // Gives every app of `from` to `to` (a consumer-admin taking over a removed user's apps).
  virtual Result<long long> transfer(UserId from, UserId to, TimePoint now) = 0;
  // A number that grows with every change to apps, access requests and credentials.
  virtual Result<long long> app_version() = 0;
};

}  // namespace atrium
