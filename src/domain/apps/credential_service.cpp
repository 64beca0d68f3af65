#include "domain/apps/credential_service.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "domain/apps/access_request_repository.hpp"
#include "domain/apps/api_keys.hpp"
#include "domain/apps/app_support.hpp"
#include "domain/apps/credential_repository.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_support.hpp"

namespace atrium {

namespace {

using policy::AppAction;

// The credential of the app (and of the access request, when given), or kNotFound.
Result<Credential> load_credential(Transaction& tx, AppId app,
                                   std::optional<AccessRequestId> request, CredentialId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto credential, tx.get<CredentialRepository>().find(id));
  if (!credential || credential->app_id != app ||
      (request && credential->access_request_id != *request)) {
    return fail(credential_not_found());
  }
  return std::move(*credential);
}

Status audit(Transaction& tx, const Actor& actor, const App& app, std::string_view action,
             const Credential& credential, TimePoint now) {
  return record_audit(tx, actor, now, action, "credential", std::to_string(credential.id),
                      app.organisation_id,
                      {{"AppID", app.id}, {"AccessRequestID", credential.access_request_id}});
}

Error revoked_error() {
  return conflict("credential.revoked", "this key is revoked; ask for access again");
}

}  // namespace

Result<std::vector<Credential>> CredentialService::list(const Actor& actor, AppId app,
                                                        AccessRequestId request) {
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<Credential>> {
    ATRIUM_TRY(load_app_for(tx, actor, app, AppAction::kView));
    ATRIUM_TRY(load_request_of(tx, app, request));
    return tx.get<CredentialRepository>().list_for_request(request);
  });
}

Result<Credential> CredentialService::get(const Actor& actor, AppId app, AccessRequestId request,
                                          CredentialId id) {
  return db_.read_result([&](Transaction& tx) -> Result<Credential> {
    ATRIUM_TRY(load_app_for(tx, actor, app, AppAction::kView));
    return load_credential(tx, app, request, id);
  });
}

Result<IssuedKey> CredentialService::rotate(const Actor& actor, AppId app_id,
                                            AccessRequestId request, CredentialId id) {
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<IssuedKey> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto credential, load_credential(tx, app_id, request, id));
    if (credential.revoked_at) return fail(revoked_error());
    ATRIUM_ASSIGN_OR_RETURN(auto access, load_request_of(tx, app_id, credential.access_request_id));
    ATRIUM_ASSIGN_OR_RETURN(auto plan, load_plan(tx, access.plan_id));
    IssuedKey out;
    auto& credentials = tx.get<CredentialRepository>();
    if (is_api_owner(actor.role)) {
      ATRIUM_ASSIGN_OR_RETURN(out.credential,
                              credentials.set_key(id, KeyDigest{}, key_expiry(plan, now), now));
    } else {
      NewApiKey key = make_api_key(random_, hasher_);
      ATRIUM_ASSIGN_OR_RETURN(out.credential,
                              credentials.set_key(id, key.digest, key_expiry(plan, now), now));
      out.key = std::move(key.key);
    }
    ATRIUM_TRY(audit(tx, actor, app, "credential.rotate", out.credential, now));
    return out;
  });
}

Result<IssuedKey> CredentialService::reveal(const Actor& actor, AppId app_id, CredentialId id) {
  if (is_api_owner(actor.role)) {
    return fail(make_error(ErrorCode::kForbidden, "credential.forbidden",
                           "an app's key is shown to the app's managers only"));
  }
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<IssuedKey> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto credential, load_credential(tx, app_id, std::nullopt, id));
    if (credential.revoked_at) return fail(revoked_error());
    if (credential.issued) {
      return fail(conflict("credential.already_shown",
                           "this key was shown when it was made; rotate it to get a new one"));
    }
    NewApiKey key = make_api_key(random_, hasher_);
    IssuedKey out;
    ATRIUM_ASSIGN_OR_RETURN(out.credential, tx.get<CredentialRepository>().set_key(
                                                id, key.digest, credential.expires_at, now));
    out.key = std::move(key.key);
    ATRIUM_TRY(audit(tx, actor, app, "credential.reveal", out.credential, now));
    return out;
  });
}

Result<Credential> CredentialService::revoke(const Actor& actor, AppId app_id, CredentialId id) {
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<Credential> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto credential, load_credential(tx, app_id, std::nullopt, id));
    if (credential.revoked_at) return fail(revoked_error());
    ATRIUM_ASSIGN_OR_RETURN(auto revoked, tx.get<CredentialRepository>().revoke(id, now));
    ATRIUM_TRY(audit(tx, actor, app, "credential.revoke", revoked, now));
    return revoked;
  });
}

Status CredentialService::remove(const Actor& actor, AppId app_id, AccessRequestId request,
                                 CredentialId id) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto credential, load_credential(tx, app_id, request, id));
    ATRIUM_TRY(tx.get<CredentialRepository>().remove(id));
    return audit(tx, actor, app, "credential.delete", credential, now);
  });
}

}  // namespace atrium
