#include "domain/onboarding/onboarding_flow.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/field_errors.hpp"
#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/auth/throttle.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/names.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"

namespace atrium {

// The user acting on their own account in an anonymous flow, for the audit log.
Actor self_actor(const User& user, const Requester& requester) {
  return Actor{user.id, user.email, user.role, user.organisation_id, requester.source_address};
}

Result<User> load_user(Transaction& tx, UserId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto user, tx.get<UserRepository>().find_by_id(id));
  if (!user) return fail(not_found("user.not_found", "user not found"));
  return std::move(*user);
}

Status OnboardingFlow::throttle_mail(Transaction& tx, std::string_view flow, std::string_view email,
                                     std::string_view address, TimePoint now) const {
  const auto hour = std::chrono::seconds(3600);
  const ThrottleRule per_address{limits_.per_address, std::chrono::seconds(60), hour, hour};
  const ThrottleRule per_email{limits_.per_email, std::chrono::seconds(60), hour, hour};
  const std::string email_key_text = "mail:" + std::string(flow) + ":email:" + email_key(email);
  const std::string address_key = "mail:" + std::string(flow) + ":address:" + std::string(address);
  ATRIUM_TRY(check_throttle(tx, per_address, address_key, now));
  ATRIUM_TRY(check_throttle(tx, per_email, email_key_text, now));
  ATRIUM_TRY(record_failure(tx, address_key, now));
  return record_failure(tx, email_key_text, now);
}

Result<User> OnboardingFlow::linked_user(std::string_view token, LinkPurpose purpose) {
  const TimePoint now = clock_.now();
  return db_.read_result([&](Transaction& tx) -> Result<User> {
    ATRIUM_ASSIGN_OR_RETURN(auto link, links_.check(tx, token, purpose, now));
    return load_user(tx, link.user_id);
  });
}

Result<OnboardingFlow::CheckedPassword> OnboardingFlow::check_new_password(
    const NewPasswordInput& input, LinkPurpose purpose) {
  ATRIUM_ASSIGN_OR_RETURN(auto user, linked_user(input.token, purpose));
  FieldErrors errors;
  errors.take(password_rules_.check(input.password, {user.email, user.first, user.last}));
  if (input.password != input.password_confirmation) {
    errors.add("PasswordConfirmation", "does not match the password");
  }
  ATRIUM_TRY(errors.finish("password.invalid"));
  auto hash = passwords_.hash(input.password);  // slow on purpose: outside any transaction
  if (!hash) return fail(std::move(hash).error());
  return CheckedPassword{std::move(user), std::move(*hash)};
}

}  // namespace atrium
