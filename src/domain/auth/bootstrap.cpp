#include "domain/auth/bootstrap.hpp"

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/system_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

namespace {

constexpr std::size_t kMaxNameLength = 100;

Status check_name(std::string_view value, const char* field) {
  if (trim(value).empty()) return fail(field_error(field, "is required"));
  if (!is_valid_utf8(value)) return fail(field_error(field, "must be valid UTF-8"));
  if (utf8_length(value) > kMaxNameLength) {
    return fail(field_error(field, "must be at most 100 characters"));
  }
  return ok();
}

Error already_bootstrapped() {
  return conflict("bootstrap.done", "the portal is already bootstrapped: an API Owner exists");
}

}  // namespace

Result<bool> BootstrapService::done() {
  auto owners =
      db_.read_result([](Transaction& tx) { return tx.get<UserRepository>().count_api_owners(); });
  if (!owners) return fail(std::move(owners).error());
  return *owners > 0;
}

Result<BootstrapResult> BootstrapService::bootstrap(const BootstrapRequest& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto email, normalise_email(request.email, "username"));
  ATRIUM_TRY(check_name(request.first, "first_name"));
  ATRIUM_TRY(check_name(request.last, "last_name"));

  BootstrapResult result;
  std::string password;
  if (request.password) {
    ATRIUM_TRY(rules_.check(*request.password, {email, request.first, request.last}, "password"));
    password = *request.password;
  } else {
    password = random_base64url(random_, 18);  // 144 bits, 24 characters
    result.generated_password = password;
  }
  // Answer "already done" before paying for a hash.
  ATRIUM_ASSIGN_OR_RETURN(auto is_done, done());
  if (is_done) return fail(already_bootstrapped());

  ATRIUM_ASSIGN_OR_RETURN(auto hash, passwords_.hash(password));

  NewUser owner;
  owner.cid = new_uuid(random_);
  owner.email = email;
  owner.first = std::string(trim(request.first));
  owner.last = std::string(trim(request.last));
  owner.role = Role::kSuperAdmin;
  owner.active = true;
  owner.password_hash = std::move(hash);
  owner.reset_password = result.generated_password.has_value();

  const TimePoint now = clock_.now();
  const Status status = db_.write([&](Transaction& tx) -> Status {
    // The marker row makes concurrent bootstraps collide on a unique key: one wins.
    auto marked = tx.get<SystemRepository>().mark_bootstrapped(now);
    if (!marked) {
      return fail(marked.error().code == ErrorCode::kConflict ? already_bootstrapped()
                                                              : marked.error());
    }
    ATRIUM_ASSIGN_OR_RETURN(auto owners, tx.get<UserRepository>().count_api_owners());
    if (owners > 0) return fail(already_bootstrapped());
    ATRIUM_ASSIGN_OR_RETURN(auto user, tx.get<UserRepository>().create(owner, now));
    result.owner = std::move(user);
    ATRIUM_ASSIGN_OR_RETURN(
        auto token, issue_api_token(tx, random_, tokens_, result.owner.id, "bootstrap", now));
    result.api_token = std::move(token);
    const Actor self{result.owner.id, result.owner.email, result.owner.role, std::nullopt,
                     request.source_address};
    return record_audit(tx, self, now, "system.bootstrap", "user", std::to_string(result.owner.id),
                        std::nullopt, {{"Email", result.owner.email}, {"Role", "super-admin"}});
  });
  if (!status) return fail(status.error());
  return result;
}

}  // namespace atrium
