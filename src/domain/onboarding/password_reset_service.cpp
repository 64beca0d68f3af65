#include "domain/onboarding/password_reset_service.hpp"

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

namespace {

using std::chrono::minutes;

}  // namespace

Status PasswordResetService::request_reset(std::string_view raw_email, const Requester& requester) {
  ATRIUM_ASSIGN_OR_RETURN(auto email, normalise_email(raw_email));
  ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.current());
  const TimePoint now = clock_.now();
  bool queued = false;
  const Status status = db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(throttle_mail(tx, "reset", email, requester.source_address, now));
    ATRIUM_ASSIGN_OR_RETURN(auto user, tx.get<UserRepository>().find_by_email(email));
    if (!user) return ok();  // the same answer; nothing to send
    ATRIUM_ASSIGN_OR_RETURN(auto token,
                            links_.issue(tx, (user)->id, LinkPurpose::kReset,
                                         minutes(settings.reset_lifetime_minutes), now));
    ATRIUM_TRY(mailer_.queue(tx, EmailKind::kPasswordReset, (user)->email, &*user,
                             {{"link", mailer_.link(kResetPath, token)}}, now));
    queued = true;
    return record_audit(tx, self_actor(*user, requester), now, "user.password_reset_request",
                        "user", std::to_string((user)->id), (user)->organisation_id);
  });
  if (queued) mailer_.wake();
  return status;
}

Result<User> PasswordResetService::reset_user(std::string_view token) {
  return linked_user(token, LinkPurpose::kReset);
}

Status PasswordResetService::complete_reset(const NewPasswordInput& input,
                                            const Requester& requester) {
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_new_password(input, LinkPurpose::kReset));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto link, links_.redeem(tx, input.token, LinkPurpose::kReset, now));
    ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, link.user_id));
    user.reset_password = false;
    ATRIUM_ASSIGN_OR_RETURN(auto updated, tx.get<UserRepository>().update(user, checked.hash, now));
    // DESIGN §3 flow 4: a completed reset ends every session of the user.
    ATRIUM_ASSIGN_OR_RETURN(auto ended,
                            tx.get<SessionRepository>().remove_for_user(user.id, std::nullopt));
    return record_audit(tx, self_actor(updated, requester), now, "user.password_reset", "user",
                        std::to_string(updated.id), updated.organisation_id,
                        {{"Password", "changed"}, {"SessionsEnded", ended}});
  });
}

}  // namespace atrium
