#include "domain/apps/custom_credential_service.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "domain/apps/api_keys.hpp"
#include "domain/apps/app_support.hpp"
#include "domain/apps/credential_repository.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/directory/directory_support.hpp"

namespace atrium {

namespace {

using policy::AdminAction;
using policy::AppAction;

constexpr std::size_t kMinCustomKeyLength = 20;  // a key anyone could guess is no key
constexpr std::size_t kMaxCustomKeyLength = 512;
constexpr std::array<std::string_view, 2> kTypes = {"CREDENTIAL_TYPE_CUSTOM",
                                                    "CREDENTIAL_TYPE_TYK_MANAGED"};
constexpr std::array<std::string_view, 3> kTokenTypes = {"", "AUTH_TOKEN_TYPE_CUSTOM",
                                                         "AUTH_TOKEN_STANDARD"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view value) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

Result<CustomCredentialFields> checked_fields(Transaction& tx, const CustomCredentialInput& in) {
  ContentChecks checks;
  CustomCredentialFields f;
  f.alias = checks.text(in.alias.value_or(""), kMaxShortTextLength, "Alias");
  f.type = in.type.value_or("CREDENTIAL_TYPE_CUSTOM");
  if (!one_of(kTypes, f.type)) {
    checks.add("Type", "must be CREDENTIAL_TYPE_CUSTOM or CREDENTIAL_TYPE_TYK_MANAGED");
  }
  f.auth_token_type = in.auth_token_type.value_or("");
  if (!one_of(kTokenTypes, f.auth_token_type)) {
    checks.add("AuthTokenType", "must be AUTH_TOKEN_TYPE_CUSTOM or AUTH_TOKEN_STANDARD");
  }
  f.authentication_method = checks.text(in.authentication_method.value_or(""), kMaxShortTextLength,
                                        "AuthenticationMethod");
  f.key_id = checks.text(in.key_id.value_or(""), kMaxShortTextLength, "KeyID");
  const std::string key = in.credential_key.value_or("");
  if (key.size() < kMinCustomKeyLength || key.size() > kMaxCustomKeyLength) {
    checks.add("CredentialKey", "must be 20 to 512 characters");
  }
  if (in.credential_secret && !in.credential_secret->empty()) {
    checks.add("CredentialSecret", "OAuth 2.0 client credentials are not offered");
  }
  f.plan_id = in.plan_id;
  f.product_ids = in.product_ids.value_or(std::vector<ProductId>{});
  ATRIUM_TRY(checks.finish("custom_credential.invalid"));
  FieldErrors errors;
  if (f.plan_id) ATRIUM_TRY(check_plans_exist(tx, {*f.plan_id}, "PlanID", errors));
  ATRIUM_TRY(check_products_exist(tx, f.product_ids, "ProductIDs", errors));
  ATRIUM_TRY(errors.finish("custom_credential.invalid"));
  return f;
}

Result<CustomCredential> load_custom(Transaction& tx, AppId app, long long id) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<CustomCredentialRepository>().find(app, id));
  if (!found) return fail(credential_not_found());
  return std::move(*found);
}

Status audit(Transaction& tx, const Actor& actor, const App& app, std::string_view action,
             long long id, TimePoint now) {
  return record_audit(tx, actor, now, action, "custom_credential", std::to_string(id),
                      app.organisation_id, {{"AppID", app.id}});
}

}  // namespace

Result<std::vector<CustomCredential>> CustomCredentialService::list(const Actor& actor, AppId app) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<CustomCredential>> {
    ATRIUM_TRY(load_app_for(tx, actor, app, AppAction::kView));
    return tx.get<CustomCredentialRepository>().list(app);
  });
}

Result<CustomCredential> CustomCredentialService::create(const Actor& actor, AppId app_id,
                                                         const CustomCredentialInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<CustomCredential> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto fields, checked_fields(tx, input));
    const KeyDigest key = digest_of(input.credential_key.value_or(""), hasher_);
    ATRIUM_ASSIGN_OR_RETURN(auto created,
                            tx.get<CustomCredentialRepository>().create(app_id, fields, key, now));
    ATRIUM_TRY(audit(tx, actor, app, "custom_credential.create", created.id, now));
    return created;
  });
}

Result<CustomCredential> CustomCredentialService::get(const Actor& actor, AppId app, long long id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  return db_.read_result([&](Transaction& tx) -> Result<CustomCredential> {
    ATRIUM_TRY(load_app_for(tx, actor, app, AppAction::kView));
    return load_custom(tx, app, id);
  });
}

Result<CustomCredential> CustomCredentialService::update(const Actor& actor, AppId app_id,
                                                         long long id,
                                                         const std::optional<std::string>& alias) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  ContentChecks checks;
  const std::string checked = checks.text(alias.value_or(""), kMaxShortTextLength, "Alias");
  ATRIUM_TRY(checks.finish("custom_credential.invalid"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<CustomCredential> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_TRY(load_custom(tx, app_id, id));
    if (!alias) return load_custom(tx, app_id, id);
    ATRIUM_ASSIGN_OR_RETURN(auto updated,
                            tx.get<CustomCredentialRepository>().set_alias(id, checked, now));
    ATRIUM_TRY(audit(tx, actor, app, "custom_credential.update", id, now));
    return updated;
  });
}

Status CustomCredentialService::remove(const Actor& actor, AppId app_id, long long id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_TRY(load_custom(tx, app_id, id));
    ATRIUM_TRY(tx.get<CustomCredentialRepository>().remove(id));
    return audit(tx, actor, app, "custom_credential.delete", id, now);
  });
}

}  // namespace atrium
