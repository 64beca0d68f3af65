#pragma once

// The apps area's contract fixture: users, apps, products and plans, access requests and issued
// credentials on both databases (apps_contract_test.cpp, gateway_contract_test.cpp).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/apps/access_request_repository.hpp"
#include "domain/apps/app_repository.hpp"
#include "domain/apps/credential_repository.hpp"
#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium::contract {

class AppsContract : public ContractTest {
 protected:
  App make_app(const User& owner, const std::string& name, AppVisibility visibility) {
    auto created = db().write_result([&](Transaction& tx) {
      return tx.get<AppRepository>().create(
          "app-" + name, AppFields{name, "", "", owner.id, visibility}, clock_.now());
    });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : App{};
  }

  User consumer(const std::string& email, long long organisation,
                const std::vector<long long>& teams) {
    auto user = new_user(email);
    user.organisation_id = organisation;
    user.active = true;
    User made = make_user(user);
    set_teams(made.id, teams);
    return made;
  }

  std::vector<std::string> visible_to(const User& viewer, std::optional<long long> organisation) {
    AppScope scope;
    scope.viewer_id = viewer.id;
    scope.organisation_id = organisation;
    auto page = db().read_result([&](Transaction& tx) {
      return tx.get<AppRepository>().list_visible(scope, PageRequest{1, 100});
    });
    EXPECT_TRUE(page) << why(page);
    std::vector<std::string> names;
    if (page) {
      for (const App& app : page->items) names.push_back(app.fields.name);
    }
    return names;
  }

  // A product and a plan, both in one new catalogue.
  std::pair<long long, long long> product_and_plan(const std::string& name) {
    auto made =
        db().write_result([&](Transaction& tx) -> atrium::Result<std::pair<long long, long long>> {
          ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<atrium::ProviderRepository>().built_in());
          ATRIUM_ASSIGN_OR_RETURN(
              auto catalogue,
              tx.get<atrium::CatalogueRepository>().create(
                  "cat-" + name, {name, name, atrium::CatalogueVisibility::kPublic}, clock_.now()));
          atrium::NewProduct product;
          product.cid = "product-" + name;
          product.provider_id = provider.id;
          product.fields.name = name;
          product.fields.display_name = name;
          product.fields.path = name;
          ATRIUM_ASSIGN_OR_RETURN(
              auto p, tx.get<atrium::ProductRepository>().create(product, clock_.now()));
          ATRIUM_TRY(tx.get<atrium::ProductRepository>().set_catalogues(p.id, {catalogue.id}));
          atrium::PlanFields fields;
          fields.name = name + " plan";
          fields.display_name = fields.name;
          ATRIUM_ASSIGN_OR_RETURN(
              auto plan, tx.get<atrium::PlanRepository>().create("plan-" + name, provider.id,
                                                                 fields, clock_.now()));
          ATRIUM_TRY(tx.get<atrium::PlanRepository>().set_catalogues(plan.id, {catalogue.id}));
          return std::make_pair(p.id, plan.id);
        });
    EXPECT_TRUE(made) << why(made);
    return made ? *made : std::make_pair(0LL, 0LL);
  }

  AccessRequest make_request(const App& app, long long product, long long plan,
                             AccessStatus status = AccessStatus::kPending) {
    auto created = db().write_result([&](Transaction& tx) {
      return tx.get<AccessRequestRepository>().create(
          NewAccessRequest{app.id,
                           app.fields.user_id,
                           plan,
                           std::nullopt,
                           {product},
                           status,
                           status == AccessStatus::kApproved},
          clock_.now());
    });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : AccessRequest{};
  }

  Credential issued_credential(long long request, const std::string& hash) {
    auto made = db().write_result([&](Transaction& tx) -> atrium::Result<Credential> {
      auto& credentials = tx.get<CredentialRepository>();
      ATRIUM_ASSIGN_OR_RETURN(auto c, credentials.create(request, std::nullopt, clock_.now()));
      return credentials.set_key(c.id, KeyDigest{hash, "atr_abcdefgh"}, std::nullopt, clock_.now());
    });
    EXPECT_TRUE(made) << why(made);
    return made ? *made : Credential{};
  }

  std::optional<Credential> credential(long long id) {
    auto found =
        db().read_result([&](Transaction& tx) { return tx.get<CredentialRepository>().find(id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  std::optional<App> app(long long id) {
    auto found =
        db().read_result([&](Transaction& tx) { return tx.get<AppRepository>().find(id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }
};

}  // namespace atrium::contract
