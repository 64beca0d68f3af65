#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/auth/actor.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// An app to create or change; on update an absent field stays as it is.
struct AppInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> redirect_urls;
  std::optional<UserId> user_id;  // API Owners only; a consumer's apps are their own
  std::optional<std::string> visibility;
};

// An app with its access requests and their credentials, and what the viewer may do with it.
struct AppView {
  App app;
  std::vector<AccessRequest> access_requests;
  std::vector<Credential> credentials;
  bool may_manage = false;
};

// Developer apps (DESIGN §1, §2, §10). API Owners manage every app; consumers create their own
// and see and manage what the policy allows. Every change is audited.
class AppService {
 public:
  AppService(Database& db, Random& random, const Clock& clock)
      : db_(db), random_(random), clock_(clock) {}

  // Owners: every app, narrowed by the filter; consumers: the apps visible to them.
  Result<PageOf<App>> list(const Actor& actor, const AppFilter& filter, const PageRequest& page);
  Result<AppView> create(const Actor& actor, const AppInput& input);
  Result<AppView> get(const Actor& actor, AppId id);
  Result<AppView> update(const Actor& actor, AppId id, const AppInput& input);
  // Deletes it with its access requests; its keys end.
  Status remove(const Actor& actor, AppId id);
  // The apps the actor may manage (at most kMaxPerPage, by id): what a request-access form offers.
  Result<std::vector<App>> manageable(const Actor& actor);

 private:
  Database& db_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace atrium
