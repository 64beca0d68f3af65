#include "domain/onboarding/registration_service.hpp"

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
#include "domain/mail/owner_notification.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"

namespace atrium {

using std::chrono::hours;
using std::chrono::minutes;

namespace {

using std::chrono::hours;

// Takes one use of the named invite code (none when the text is empty); an unknown, expired,
// inactive or used-up code is a field error.
Result<std::optional<InviteCode>> redeem_invite_code(Transaction& tx, const std::string& text,
                                                     TimePoint now) {
  if (text.empty()) return std::optional<InviteCode>();
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<InviteCodeRepository>().find_by_code(text));
  const Error bad_code =
      invalid_argument("registration.invalid", "the invite code is not valid",
                       {FieldError{"InviteCode", "is not valid, has expired or has been used up"}});
  if (!found) return fail(bad_code);
  ATRIUM_ASSIGN_OR_RETURN(auto consumed, tx.get<InviteCodeRepository>().consume(found->id, now));
  if (!consumed) return fail(bad_code);
  return found;
}

}  // namespace

Status RegistrationService::answer_registered(Transaction& tx, const User& user,
                                              std::chrono::minutes confirmation_lifetime,
                                              TimePoint now) {
  // The same answer as for a new address; the address's owner learns of the attempt (or gets a
  // fresh confirmation link if they never confirmed).
  ATRIUM_ASSIGN_OR_RETURN(auto registration,
                          tx.get<RegistrationRepository>().find_for_user(user.id));
  if (registration && registration->state == RegistrationState::kUnconfirmed) {
    ATRIUM_ASSIGN_OR_RETURN(auto token, links_.issue(tx, user.id, LinkPurpose::kConfirmation,
                                                     confirmation_lifetime, now));
    return mailer_.queue(tx, EmailKind::kRegistrationConfirm, user.email, &user,
                         {{"link", mailer_.link(kConfirmPath, token)}}, now);
  }
  return mailer_.queue(
      tx, EmailKind::kAlreadyRegistered, user.email, &user,
      {{"login_link", mailer_.link(kLoginPath)}, {"reset_link", mailer_.link(kResetRequestPath)}},
      now);
}

Status RegistrationService::register_user(const RegistrationInput& in, const Requester& requester) {
  ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.current());
  if (!settings.registration_allow) {
    return fail(make_error(ErrorCode::kForbidden, "registration.closed",
                           "registration is closed; ask the portal's owners for an invitation"));
  }
  FieldErrors errors;
  auto email = errors.take(normalise_email(in.email));
  auto first = errors.take(check_display_name(in.first, "First"));
  auto last = errors.take(check_display_name(in.last, "Last"));
  errors.take(password_rules_.check(in.password, {in.email, in.first, in.last}));
  if (in.password != in.password_confirmation) {
    errors.add("PasswordConfirmation", "does not match the password");
  }
  ATRIUM_TRY(errors.finish("registration.invalid"));
  // Hashed before knowing whether the email exists, so both answers take the same time.
  ATRIUM_ASSIGN_OR_RETURN(auto hash, passwords_.hash(in.password));
  const TimePoint now = clock_.now();
  const Status status = db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(throttle_mail(tx, "registration", *email, requester.source_address, now));
    ATRIUM_ASSIGN_OR_RETURN(auto existing, tx.get<UserRepository>().find_by_email(*email));
    const auto confirmation_lifetime =
        std::chrono::duration_cast<minutes>(hours(settings.confirmation_lifetime_hours));
    if (existing) return answer_registered(tx, *existing, confirmation_lifetime, now);
    ATRIUM_ASSIGN_OR_RETURN(auto code, redeem_invite_code(tx, in.invite_code, now));
    NewUser user;
    user.cid = new_uuid(random_);
    user.email = *email;
    user.first = *first;
    user.last = *last;
    user.role = Role::kConsumerTeamMember;
    user.active = false;  // until the address is confirmed (and approved)
    user.password_hash = hash;
    std::vector<TeamId> teams;
    if (code) {
      user.organisation_id = code->organisation_id;
      teams.push_back(code->team_id);
    } else {
      ATRIUM_ASSIGN_OR_RETURN(auto organisation,
                              tx.get<OrganisationRepository>().default_organisation());
      ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().default_team(organisation.id));
      user.organisation_id = organisation.id;
      teams.push_back(team.id);
    }
    ATRIUM_ASSIGN_OR_RETURN(auto created, tx.get<UserRepository>().create(user, now));
    ATRIUM_TRY(tx.get<UserRepository>().set_teams(created.id, teams));
    Registration registration;
    registration.user_id = created.id;
    registration.state = RegistrationState::kUnconfirmed;
    if (code) registration.invite_code_id = code->id;
    registration.created_at = now;
    ATRIUM_TRY(tx.get<RegistrationRepository>().create(registration));
    ATRIUM_ASSIGN_OR_RETURN(auto token, links_.issue(tx, created.id, LinkPurpose::kConfirmation,
                                                     confirmation_lifetime, now));
    ATRIUM_TRY(mailer_.queue(tx, EmailKind::kRegistrationConfirm, created.email, &created,
                             {{"link", mailer_.link(kConfirmPath, token)}}, now));
    nlohmann::json changes = {{"Email", created.email},
                              {"First", created.first},
                              {"Last", created.last},
                              {"OrganisationID", *created.organisation_id},
                              {"Teams", teams}};
    if (code) changes["InviteCodeID"] = code->id;
    return record_audit(tx, self_actor(created, requester), now, "user.register", "user",
                        std::to_string(created.id), created.organisation_id, changes);
  });
  if (status) mailer_.wake();
  return status;
}

Status RegistrationService::notify_owners(Transaction& tx, const User& user,
                                          const PortalSettings& settings, TimePoint now) {
  const EmailValues values = {{"user_email", user.email},
                              {"user_name", full_name(user)},
                              {"link", mailer_.link(kRegistrationRequestsPath)}};
  return queue_to_owners(tx, mailer_, EmailKind::kAwaitingApproval, settings.email_admin, values,
                         now);
}

Result<ConfirmationOutcome> RegistrationService::confirm_registration(std::string_view token,
                                                                      const Requester& requester) {
  ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.current());
  const TimePoint now = clock_.now();
  auto outcome = db_.write_result([&](Transaction& tx) -> Result<ConfirmationOutcome> {
    ATRIUM_ASSIGN_OR_RETURN(auto link, links_.redeem(tx, token, LinkPurpose::kConfirmation, now));
    ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, link.user_id));
    ATRIUM_ASSIGN_OR_RETURN(auto registration,
                            tx.get<RegistrationRepository>().find_for_user(user.id));
    if (!registration || (registration)->state != RegistrationState::kUnconfirmed) {
      return fail(invalid_argument("link.used", "this link has already been used"));
    }
    const bool approve = (registration)->invite_code_id || settings.registration_auto_approve;
    const auto next = approve ? RegistrationState::kApproved : RegistrationState::kPending;
    ATRIUM_ASSIGN_OR_RETURN(auto changed, tx.get<RegistrationRepository>().change_state(
                                              (registration)->id, RegistrationState::kUnconfirmed,
                                              next, now, std::nullopt));
    if (!changed) return fail(invalid_argument("link.used", "this link has already been used"));
    nlohmann::json changes = {{"State", to_string(next)}};
    if (approve) {
      user.active = true;
      ATRIUM_TRY(tx.get<UserRepository>().update(user, std::nullopt, now));
      changes["Active"] = true;
    } else {
      ATRIUM_TRY(notify_owners(tx, user, settings, now));
    }
    ATRIUM_TRY(record_audit(tx, self_actor(user, requester), now, "registration.confirm", "user",
                            std::to_string(user.id), user.organisation_id, changes));
    return approve ? ConfirmationOutcome::kActive : ConfirmationOutcome::kAwaitingApproval;
  });
  if (outcome) mailer_.wake();
  return outcome;
}

Result<PageOf<RegistrationView>> RegistrationService::list_registrations(
    const Actor& actor, std::optional<RegistrationState> state, const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kApproveRegistrations));
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<RegistrationView>> {
    ATRIUM_ASSIGN_OR_RETURN(auto registrations,
                            tx.get<RegistrationRepository>().list(RegistrationFilter{state}, page));
    PageOf<RegistrationView> out;
    out.total = registrations.total;
    for (const auto& registration : registrations.items) {
      ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, registration.user_id));
      out.items.push_back(RegistrationView{registration, user});
    }
    return out;
  });
}

Result<RegistrationView> RegistrationService::decide(const Actor& actor, RegistrationId id,
                                                     bool approve) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kApproveRegistrations));
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<RegistrationView> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<RegistrationRepository>().find(id));
    if (!found) return fail(not_found("registration.not_found", "registration request not found"));
    if ((found)->state != RegistrationState::kPending) {
      return fail(conflict(
          "registration.not_pending",
          "this registration is " + std::string(to_string((found)->state)) + ", not pending"));
    }
    const auto next = approve ? RegistrationState::kApproved : RegistrationState::kRejected;
    ATRIUM_ASSIGN_OR_RETURN(
        auto changed, tx.get<RegistrationRepository>().change_state(id, RegistrationState::kPending,
                                                                    next, now, actor.user_id));
    if (!changed) {
      return fail(conflict("registration.not_pending", "this registration was decided already"));
    }
    ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, (found)->user_id));
    if (approve) {
      user.active = true;
      ATRIUM_ASSIGN_OR_RETURN(auto updated,
                              tx.get<UserRepository>().update(user, std::nullopt, now));
      user = updated;
      ATRIUM_TRY(mailer_.queue(tx, EmailKind::kRegistrationApproved, user.email, &user,
                               {{"login_link", mailer_.link(kLoginPath)}}, now));
    } else {
      ATRIUM_TRY(mailer_.queue(tx, EmailKind::kRegistrationRejected, user.email, &user, {}, now));
    }
    ATRIUM_TRY(record_audit(
        tx, actor, now, approve ? "registration.approve" : "registration.reject", "user",
        std::to_string(user.id), user.organisation_id, {{"State", to_string(next)}}));
    ATRIUM_ASSIGN_OR_RETURN(auto reloaded, tx.get<RegistrationRepository>().find(id));
    return RegistrationView{reloaded.value_or(*found), user};
  });
  if (view) mailer_.wake();
  return view;
}

Result<RegistrationView> RegistrationService::approve_registration(const Actor& actor,
                                                                   RegistrationId id) {
  return decide(actor, id, true);
}

Result<RegistrationView> RegistrationService::reject_registration(const Actor& actor,
                                                                  RegistrationId id) {
  return decide(actor, id, false);
}

}  // namespace atrium
