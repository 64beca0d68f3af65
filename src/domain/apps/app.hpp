#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "domain/catalogue/catalogue.hpp"
#include "domain/catalogue/plan.hpp"
#include "domain/catalogue/product.hpp"
#include "domain/identity/user.hpp"
#include "domain/policy/policy.hpp"

// Developer apps, access requests and credentials (DESIGN §1, §10).
namespace atrium {

using AppId = long long;
using AccessRequestId = long long;
using CredentialId = long long;
using policy::AppVisibility;

// Tyk's "personal" / "team" / "organisation".
std::string_view to_string(AppVisibility visibility);
std::optional<AppVisibility> parse_app_visibility(std::string_view text);

struct AppFields {
  std::string name;
  std::string description;
  std::string redirect_urls;  // Tyk's RedirectURLs: absolute http(s) URLs, comma-separated
  UserId user_id = 0;
  AppVisibility visibility = AppVisibility::kOrganisation;
};

struct App {
  AppId id = 0;
  std::string cid;
  AppFields fields;
  // The owner's organisation, read with the app (apps are in their owner's organisation).
  std::optional<OrganisationId> organisation_id;
  std::string owner_email;
  TimePoint created_at;
  TimePoint updated_at;
};

// Which apps an owner's list shows; every set field narrows it. Ordered by id.
struct AppFilter {
  std::optional<OrganisationId> organisation_id;
  std::optional<UserId> user_id;
  std::optional<ProductId> product_id;  // apps with an access request for the product
  std::optional<std::string> search;    // prefix of the name, case-insensitive
};

// Which apps a consumer's list shows, as the store applies it (equivalent to policy::decide with
// AppAction::kView on every app; the contract test checks the store against the policy).
struct AppScope {
  bool everything = false;  // API Owners
  UserId viewer_id = 0;
  std::optional<OrganisationId> organisation_id;  // none or the Default Organisation: own only
};

enum class AccessStatus { kPending, kApproved, kRejected };
std::string_view to_string(AccessStatus status);
std::optional<AccessStatus> parse_access_status(std::string_view text);

struct NewAccessRequest {
  AppId app_id = 0;
  UserId user_id = 0;  // the requester
  PlanId plan_id = 0;
  std::optional<CatalogueId> catalogue_id;
  std::vector<ProductId> product_ids;
  AccessStatus status = AccessStatus::kPending;
  bool provision_immediately = false;  // approved at once (an auto-approve plan)
};

struct AccessRequest {
  AccessRequestId id = 0;
  AppId app_id = 0;
  std::optional<UserId> user_id;  // none once the requester is deleted
  PlanId plan_id = 0;
  std::optional<CatalogueId> catalogue_id;
  AccessStatus status = AccessStatus::kPending;
  bool provision_immediately = false;
  std::optional<UserId> reviewer_id;
  std::optional<TimePoint> reviewed_at;
  std::string reason;  // given with a rejection
  TimePoint created_at;
  TimePoint updated_at;
  // Read with the request, for Tyk's shapes and the pages.
  std::vector<ProductId> product_ids;
  std::vector<std::string> product_names;
  std::string plan_name;
  std::string catalogue_name;
  std::string app_name;
  std::string requester_email;
  OrganisationId app_organisation_id = 0;
};

struct AccessRequestFilter {
  std::optional<AppId> app_id;
  std::optional<AccessStatus> status;
  std::optional<OrganisationId> organisation_id;  // of the app's owner
  std::optional<ProductId> product_id;
  std::optional<PlanId> plan_id;

  static AccessRequestFilter of_app(AppId app) {
    AccessRequestFilter filter;
    filter.app_id = app;
    return filter;
  }
};

// An API key of an approved access request. The key itself is never stored: `issued` says
// whether it has been made (and shown once), `key_prefix` recognises it afterwards.
struct Credential {
  CredentialId id = 0;
  AccessRequestId access_request_id = 0;
  AppId app_id = 0;
  bool issued = false;
  std::string key_prefix;
  std::optional<TimePoint> expires_at;
  std::optional<TimePoint> issued_at;
  std::optional<TimePoint> revoked_at;
  TimePoint created_at;
  TimePoint updated_at;
};

// A key just made: the only moment it exists outside the client.
struct IssuedKey {
  Credential credential;
  std::string key;
};

// A key issued elsewhere that an API Owner registers for an app (Tyk's custom credentials).
struct CustomCredentialFields {
  std::string alias;
  std::string type = "CREDENTIAL_TYPE_CUSTOM";
  std::optional<PlanId> plan_id;
  std::string authentication_method;
  std::string auth_token_type;
  std::string key_id;
  std::vector<ProductId> product_ids;
};

struct CustomCredential {
  long long id = 0;
  AppId app_id = 0;
  CustomCredentialFields fields;
  std::string key_prefix;
  TimePoint created_at;
  TimePoint updated_at;
};

}  // namespace atrium
