#include "domain/auth/login_service.hpp"

#include <stdexcept>

#include "core/encoding.hpp"
#include "core/field_errors.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/auth/throttle_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"

namespace atrium {

namespace {

// Told only after a correct password (DESIGN §8 rule 2): why this account cannot sign in yet.
Error inactive_error(std::optional<RegistrationState> registration) {
  if (registration == RegistrationState::kUnconfirmed) {
    return make_error(ErrorCode::kForbidden, "auth.unconfirmed",
                      "Confirm your email address first: follow the link we emailed you.");
  }
  if (registration == RegistrationState::kPending) {
    return make_error(ErrorCode::kForbidden, "auth.pending_approval",
                      "Your registration is waiting for approval. We will email you when it "
                      "has been decided.");
  }
  return make_error(ErrorCode::kForbidden, "auth.inactive",
                    "This account is not active. Contact the portal's administrators.");
}

}  // namespace

Error LoginService::inactive_reason(UserId user) {
  auto registration = db_.read_result(
      [&](Transaction& tx) { return tx.get<RegistrationRepository>().find_for_user(user); });
  if (!registration) return registration.error();
  return inactive_error(*registration ? std::optional((*registration)->state) : std::nullopt);
}

namespace {

constexpr std::size_t kMaxLoginInputLength = 1024;

Error invalid_credentials() {
  return make_error(ErrorCode::kUnauthenticated, "auth.invalid_credentials",
                    "Incorrect email or password.");
}

std::string account_key(std::string_view email) {
  return "login:account:" + email_key(trim(email));
}

std::string address_key(std::string_view address) {
  return "login:address:" + std::string(address);
}

}  // namespace

LoginService::LoginService(Database& db, PasswordHasher& passwords, const PasswordRules& rules,
                           SessionService& sessions, const Clock& clock, LoginThrottle throttle)
    : db_(db),
      passwords_(passwords),
      rules_(rules),
      sessions_(sessions),
      clock_(clock),
      throttle_(throttle) {
  auto dummy = passwords_.hash(sessions_.new_token());
  if (!dummy) throw std::runtime_error("cannot prepare the login hasher: " + dummy.error().detail);
  dummy_hash_ = std::move(*dummy);
}

Result<LoginResult> LoginService::login(std::string_view email, std::string_view password,
                                        std::string_view source_address,
                                        std::string_view user_agent) {
  if (email.size() > kMaxLoginInputLength || password.size() > kMaxLoginInputLength * 4) {
    return fail(invalid_credentials());
  }
  const std::string account = account_key(email);
  const std::string address = address_key(source_address);
  const TimePoint now = clock_.now();

  struct Candidate {
    std::optional<User> user;
    std::optional<std::string> hash;
  };
  auto candidate = db_.read_result([&](Transaction& tx) -> Result<Candidate> {
    ATRIUM_TRY(check_throttle(tx, throttle_.per_account, account, now));
    ATRIUM_TRY(check_throttle(tx, throttle_.per_address, address, now));
    Candidate c;
    auto user = tx.get<UserRepository>().find_by_email(trim(email));
    if (!user) return fail(std::move(user).error());
    c.user = std::move(*user);
    if (c.user) {
      auto hash = tx.get<UserRepository>().password_hash(c.user->id);
      if (!hash) return fail(std::move(hash).error());
      c.hash = std::move(*hash);
    }
    return c;
  });
  if (!candidate) return fail(std::move(candidate).error());

  // One verification on every path: unknown emails check against a dummy hash.
  const bool has_hash = candidate->user && candidate->hash;
  const bool matches = passwords_.verify(has_hash ? *candidate->hash : dummy_hash_, password);
  if (!has_hash || !matches) {
    const Status recorded = db_.write([&](Transaction& tx) -> Status {
      ATRIUM_TRY(record_failure(tx, account, now));
      return record_failure(tx, address, now);
    });
    if (!recorded) return fail(recorded.error());
    return fail(invalid_credentials());
  }
  const User& user = *candidate->user;
  if (!user.active) return fail(inactive_reason(user.id));
  std::optional<std::string> rehashed;
  if (passwords_.needs_rehash(*candidate->hash)) {
    auto hash = passwords_.hash(password);
    if (hash) rehashed = std::move(*hash);  // a failed rehash must not stop the login
  }
  return db_.write_result([&](Transaction& tx) -> Result<LoginResult> {
    ATRIUM_TRY(tx.get<ThrottleRepository>().clear(account));
    if (rehashed) {
      // Read again (and locked) in this transaction: the user read before the slow hash may
      // have been changed since, and update() writes every field.
      auto current = tx.get<UserRepository>().find_by_id(user.id);
      if (!current) return fail(std::move(current).error());
      if (!*current) return fail(invalid_credentials());
      auto updated = tx.get<UserRepository>().update(**current, rehashed, (*current)->updated_at);
      if (!updated) return fail(std::move(updated).error());
    }
    auto started = sessions_.start(tx, user.id, source_address, user_agent);
    if (!started) return fail(std::move(started).error());
    return LoginResult{user, std::move(*started), user.reset_password};
  });
}

Result<StartedSession> LoginService::change_password(const ActiveSession& session,
                                                     const std::optional<std::string>& current,
                                                     std::string_view new_password,
                                                     std::string_view confirmation,
                                                     std::string_view source_address,
                                                     std::string_view user_agent) {
  const User& user = session.user;
  const std::string account = account_key(user.email);
  const TimePoint now = clock_.now();
  FieldErrors errors;
  errors.take(rules_.check(new_password, {user.email, user.first, user.last}, "new_password"));
  if (new_password != confirmation)
    errors.add("confirm_password", "does not match the new password");
  if (!user.reset_password && (!current || current->empty())) {
    errors.add("current_password", "is required");
  }
  ATRIUM_TRY(errors.finish("auth.invalid_password_change"));

  if (!user.reset_password) {
    auto hash = db_.read_result([&](Transaction& tx) -> Result<std::optional<std::string>> {
      ATRIUM_TRY(check_throttle(tx, throttle_.per_account, account, now));
      return tx.get<UserRepository>().password_hash(user.id);
    });
    if (!hash) return fail(std::move(hash).error());
    if (!*hash || !passwords_.verify(**hash, *current)) {
      ATRIUM_TRY(db_.write([&](Transaction& tx) { return record_failure(tx, account, now); }));
      return fail(field_error("current_password", "is incorrect"));
    }
  }
  ATRIUM_ASSIGN_OR_RETURN(auto new_hash, passwords_.hash(new_password));
  return db_.write_result([&](Transaction& tx) -> Result<StartedSession> {
    // The session's copy of the user was read when the request began; update() writes every
    // field, so start from the row as it is now (read locked in this transaction).
    ATRIUM_ASSIGN_OR_RETURN(auto stored, tx.get<UserRepository>().find_by_id(user.id));
    if (!stored) return fail(not_found("user.not_found", "user not found"));
    User changed = std::move(*stored);
    changed.reset_password = false;
    ATRIUM_ASSIGN_OR_RETURN(auto updated, tx.get<UserRepository>().update(changed, new_hash, now));
    ATRIUM_ASSIGN_OR_RETURN(auto ended,
                            tx.get<SessionRepository>().remove_for_user(user.id, std::nullopt));
    const Actor self{updated.id, updated.email, updated.role, updated.organisation_id,
                     std::string(source_address)};
    ATRIUM_TRY(record_audit(tx, self, now, "user.password_change", "user", std::to_string(user.id),
                            updated.organisation_id,
                            {{"Password", "changed"}, {"SessionsEnded", ended}}));
    return sessions_.start(tx, user.id, source_address, user_agent);
  });
}

}  // namespace atrium
