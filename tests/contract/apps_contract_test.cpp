// The apps area's storage (migration 0011) on both databases: apps with their owner's
// organisation, the "visible to me" scope checked against the policy, access requests with their
// products, credentials (hash only), custom credentials, and the lifecycle rules the database
// keeps (a user's apps go with the user; leaving an organisation makes apps personal;
// deactivation ends keys).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "contract/apps_contract_fixture.hpp"

namespace {

using atrium::AccessRequest;
using atrium::AccessRequestFilter;
using atrium::AccessRequestRepository;
using atrium::AccessStatus;
using atrium::App;
using atrium::AppFields;
using atrium::AppFilter;
using atrium::AppRepository;
using atrium::AppScope;
using atrium::AppVisibility;
using atrium::Credential;
using atrium::CredentialRepository;
using atrium::CustomCredentialFields;
using atrium::CustomCredentialRepository;
using atrium::ErrorCode;
using atrium::KeyDigest;
using atrium::NewAccessRequest;
using atrium::PageRequest;
using atrium::Transaction;
using atrium::User;
using atrium::contract::why;

using atrium::contract::AppsContract;

TEST_P(AppsContract, AppsCarryTheirOwnersOrganisationAndMissingOwnersAreRefused) {
  const auto [org, all] = make_organisation("Acme");
  const User owner = consumer("owner@acme.test", org.id, {all.id});
  const App created = make_app(owner, "Payments", AppVisibility::kTeam);
  ASSERT_TRUE(app(created.id));
  EXPECT_EQ(app(created.id)->organisation_id, org.id);
  EXPECT_EQ(app(created.id)->fields.visibility, AppVisibility::kTeam);
  EXPECT_EQ(app(created.id)->owner_email, "owner@acme.test");
  auto orphan = db().write_result([&](Transaction& tx) {
    return tx.get<AppRepository>().create(
        "app-orphan", AppFields{"Orphan", "", "", 999999, AppVisibility::kPersonal}, clock_.now());
  });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kConflict) << why(orphan);
}

TEST_P(AppsContract, VisibleScopeMatchesThePolicyForEveryViewer) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const auto [other, other_all] = make_organisation("Other");
  const auto red = make_team(acme.id, "Red");
  const auto blue = make_team(acme.id, "Blue");
  const User owner = consumer("owner@acme.test", acme.id, {red.id});
  const User teammate = consumer("mate@acme.test", acme.id, {red.id, blue.id});
  const User colleague = consumer("blue@acme.test", acme.id, {blue.id});
  const User stranger = consumer("x@other.test", other.id, {other_all.id});
  const std::vector<App> apps = {make_app(owner, "mine", AppVisibility::kPersonal),
                                 make_app(owner, "team", AppVisibility::kTeam),
                                 make_app(owner, "org", AppVisibility::kOrganisation),
                                 make_app(stranger, "theirs", AppVisibility::kOrganisation)};
  // What the policy says each viewer may see, from the stored facts, is what the store lists.
  for (const User* viewer : {&owner, &teammate, &colleague, &stranger}) {
    const atrium::policy::Principal principal{viewer->id, viewer->role, viewer->organisation_id,
                                              team_ids_of(viewer->id)};
    std::vector<std::string> allowed;
    for (const App& a : apps) {
      atrium::policy::AppFacts facts{a.fields.user_id, a.organisation_id.value_or(0),
                                     team_ids_of(a.fields.user_id), a.fields.visibility, false};
      if (atrium::policy::decide(principal, atrium::policy::AppAction::kView, facts) ==
          atrium::policy::Decision::kAllow) {
        allowed.push_back(a.fields.name);
      }
    }
    EXPECT_EQ(visible_to(*viewer, viewer->organisation_id), allowed) << viewer->email;
  }

  using Names = std::vector<std::string>;
  EXPECT_EQ(visible_to(owner, acme.id), (Names{"mine", "team", "org"}));
  EXPECT_EQ(visible_to(teammate, acme.id), (Names{"team", "org"}));
  EXPECT_EQ(visible_to(colleague, acme.id), (Names{"org"}));
  EXPECT_EQ(visible_to(stranger, other.id), (Names{"theirs"}));
  // In the Default Organisation (no organisation in the scope) only one's own apps show.
  EXPECT_EQ(visible_to(teammate, std::nullopt), (Names{}));

  // Owners see everything through list().
  auto all = db().read_result([&](Transaction& tx) {
    return tx.get<AppRepository>().list(AppFilter{}, PageRequest{1, 10});
  });
  ASSERT_TRUE(all) << why(all);
  EXPECT_EQ(all->total, 4);
  AppFilter by_org;
  by_org.organisation_id = other.id;
  auto none = db().read_result([&](Transaction& tx) {
    return tx.get<AppRepository>().list(by_org, PageRequest{1, 10});
  });
  ASSERT_TRUE(none) << why(none);
  EXPECT_EQ(none->total, 1);
}

TEST_P(AppsContract, LeavingTheOrganisationMakesAppsPersonalAndTransferKeepsThem) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const atrium::Organisation fallback = default_organisation();
  const User owner = consumer("owner@acme.test", acme.id, {acme_all.id});
  const User admin = consumer("admin@acme.test", acme.id, {acme_all.id});
  const App shared = make_app(owner, "shared", AppVisibility::kOrganisation);

  auto moved = db().write([&](Transaction& tx) -> atrium::Status {
    ATRIUM_TRY(tx.get<atrium::UserRepository>().set_teams(owner.id, {}));
    User changed = owner;
    changed.organisation_id = fallback.id;
    ATRIUM_TRY(tx.get<atrium::UserRepository>().update(changed, std::nullopt, clock_.now()));
    return atrium::ok();
  });
  ASSERT_TRUE(moved) << why(moved);
  EXPECT_EQ(app(shared.id)->fields.visibility, AppVisibility::kPersonal);
  EXPECT_EQ(app(shared.id)->organisation_id, fallback.id);

  auto given = db().write_result([&](Transaction& tx) {
    return tx.get<AppRepository>().transfer(owner.id, admin.id, clock_.now());
  });
  ASSERT_TRUE(given) << why(given);
  EXPECT_EQ(*given, 1);
  EXPECT_EQ(app(shared.id)->fields.user_id, admin.id);
  // The stored organisation (migration 0014) follows the owner both ways.
  EXPECT_EQ(app(shared.id)->organisation_id, acme.id);
}

TEST_P(AppsContract, AccessRequestsKeepTheirProductsAndDecisions) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const User owner = consumer("owner@acme.test", acme.id, {acme_all.id});
  const App payments = make_app(owner, "Payments", AppVisibility::kOrganisation);
  const auto [product, plan] = product_and_plan("ledger");
  const AccessRequest request = make_request(payments, product, plan);
  EXPECT_EQ(request.status, AccessStatus::kPending);
  EXPECT_EQ(request.product_ids, (std::vector<long long>{product}));
  EXPECT_EQ(request.product_names, (std::vector<std::string>{"ledger"}));
  EXPECT_EQ(request.plan_name, "ledger plan");
  EXPECT_EQ(request.app_name, "Payments");
  EXPECT_EQ(request.app_organisation_id, acme.id);
  EXPECT_FALSE(request.reviewed_at);

  auto pending = db().read_result([&](Transaction& tx) {
    return tx.get<AccessRequestRepository>().count_pending(payments.id, plan, {product});
  });
  ASSERT_TRUE(pending) << why(pending);
  EXPECT_EQ(*pending, 1);
  auto other_products = db().read_result([&](Transaction& tx) {
    return tx.get<AccessRequestRepository>().count_pending(payments.id, plan, {product, 999});
  });
  ASSERT_TRUE(other_products) << why(other_products);
  EXPECT_EQ(*other_products, 0);

  const User reviewer = make_user(new_user("boss@portal.test", atrium::Role::kSuperAdmin));
  auto decided = db().write_result([&](Transaction& tx) {
    return tx.get<AccessRequestRepository>().decide(request.id, AccessStatus::kRejected,
                                                    reviewer.id, "not now", clock_.now());
  });
  ASSERT_TRUE(decided) << why(decided);
  EXPECT_EQ(decided->status, AccessStatus::kRejected);
  EXPECT_EQ(decided->reason, "not now");
  EXPECT_EQ(decided->reviewer_id, reviewer.id);
  EXPECT_TRUE(decided->reviewed_at);

  AccessRequestFilter filter;
  filter.status = AccessStatus::kPending;
  auto still_pending = db().read_result([&](Transaction& tx) {
    return tx.get<AccessRequestRepository>().list(filter, PageRequest{1, 10});
  });
  ASSERT_TRUE(still_pending) << why(still_pending);
  EXPECT_EQ(still_pending->total, 0);
  auto open = db().read_result([&](Transaction& tx) {
    return tx.get<AccessRequestRepository>().count_open_for_user(owner.id, plan);
  });
  ASSERT_TRUE(open) << why(open);
  EXPECT_EQ(*open, 0);

  // A plan in use by an access request stays.
  auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::PlanRepository>().remove(plan); });
  EXPECT_FALSE(removed);
}

TEST_P(AppsContract, CredentialsKeepOnlyTheHashAndEndWithTheirAppOrOwner) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const User owner = consumer("owner@acme.test", acme.id, {acme_all.id});
  const App payments = make_app(owner, "Payments", AppVisibility::kOrganisation);
  const auto [product, plan] = product_and_plan("ledger");
  const AccessRequest request = make_request(payments, product, plan, AccessStatus::kApproved);

  auto unissued = db().write_result([&](Transaction& tx) {
    return tx.get<CredentialRepository>().create(request.id, std::nullopt, clock_.now());
  });
  ASSERT_TRUE(unissued) << why(unissued);
  EXPECT_FALSE(unissued->issued);
  EXPECT_EQ(unissued->app_id, payments.id);

  const Credential key = issued_credential(request.id, "hash-one");
  EXPECT_TRUE(key.issued);
  EXPECT_EQ(key.key_prefix, "atr_abcdefgh");
  // Two credentials never share a key.
  auto same = db().write_result([&](Transaction& tx) {
    return tx.get<CredentialRepository>().set_key(unissued->id, KeyDigest{"hash-one", "x"},
                                                  std::nullopt, clock_.now());
  });
  ASSERT_FALSE(same);

  // Deactivating the app's owner ends its keys.
  auto deactivated = db().write([&](Transaction& tx) -> atrium::Status {
    User changed = owner;
    changed.active = false;
    ATRIUM_TRY(tx.get<atrium::UserRepository>().update(changed, std::nullopt, clock_.now()));
    return atrium::ok();
  });
  ASSERT_TRUE(deactivated) << why(deactivated);
  ASSERT_TRUE(credential(key.id));
  EXPECT_TRUE(credential(key.id)->revoked_at);

  // Deleting the app deletes its requests and credentials.
  auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<AppRepository>().remove(payments.id); });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_FALSE(credential(key.id));
  auto gone = db().read_result(
      [&](Transaction& tx) { return tx.get<AccessRequestRepository>().find(request.id); });
  ASSERT_TRUE(gone) << why(gone);
  EXPECT_FALSE(*gone);
}

TEST_P(AppsContract, CustomCredentialsRefuseADuplicateKey) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const User owner = consumer("owner@acme.test", acme.id, {acme_all.id});
  const App payments = make_app(owner, "Payments", AppVisibility::kOrganisation);
  const auto [product, plan] = product_and_plan("ledger");
  CustomCredentialFields fields;
  fields.alias = "legacy";
  fields.plan_id = plan;
  fields.product_ids = {product};
  auto created = db().write_result([&](Transaction& tx) {
    return tx.get<CustomCredentialRepository>().create(
        payments.id, fields, KeyDigest{"custom-hash", "legac"}, clock_.now());
  });
  ASSERT_TRUE(created) << why(created);
  EXPECT_EQ(created->fields.product_ids, (std::vector<long long>{product}));
  EXPECT_EQ(created->fields.plan_id, plan);
  auto duplicate = db().write_result([&](Transaction& tx) {
    return tx.get<CustomCredentialRepository>().create(
        payments.id, fields, KeyDigest{"custom-hash", "legac"}, clock_.now());
  });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().id, "credential.key_taken") << why(duplicate);
  auto renamed = db().write_result([&](Transaction& tx) {
    return tx.get<CustomCredentialRepository>().set_alias(created->id, "renamed", clock_.now());
  });
  ASSERT_TRUE(renamed) << why(renamed);
  EXPECT_EQ(renamed->fields.alias, "renamed");
  auto listed = db().read_result(
      [&](Transaction& tx) { return tx.get<CustomCredentialRepository>().list(payments.id); });
  ASSERT_TRUE(listed) << why(listed);
  EXPECT_EQ(listed->size(), 1U);
}

TEST_P(AppsContract, AppVersionMovesWithEveryChange) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const User owner = consumer("owner@acme.test", acme.id, {acme_all.id});
  auto version = [&] {
    auto v =
        db().read_result([](Transaction& tx) { return tx.get<AppRepository>().app_version(); });
    EXPECT_TRUE(v) << why(v);
    return v ? *v : 0;
  };
  const long long before = version();
  const App made = make_app(owner, "Payments", AppVisibility::kOrganisation);
  const long long after_create = version();
  EXPECT_GT(after_create, before);
  const auto [product, plan] = product_and_plan("ledger");
  make_request(made, product, plan);
  EXPECT_GT(version(), after_create);
}

ATRIUM_CONTRACT_BACKENDS(AppsContract);

}  // namespace
