#include "domain/onboarding/onboarding_service.hpp"

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

using std::chrono::hours;
using std::chrono::minutes;

// The user acting on their own account in an anonymous flow, for the audit log.
Actor self_actor(const User& user, const Requester& requester) {
  return Actor{user.id, user.email, user.role, user.organisation_id, requester.source_address};
}

std::string full_name(const User& user) { return user.first + " " + user.last; }

Error not_visible(std::string id, std::string message) {
  return not_found(std::move(id), std::move(message));
}

Result<User> load_user(Transaction& tx, UserId id) {
  auto user = tx.get<UserRepository>().find_by_id(id);
  if (!user) return fail(std::move(user).error());
  if (!*user) return fail(not_found("user.not_found", "user not found"));
  return std::move(**user);
}

}  // namespace

Status OnboardingService::throttle_mail(Transaction& tx, std::string_view flow,
                                        std::string_view email, std::string_view address,
                                        TimePoint now) const {
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

bool OnboardingService::registration_open() const {
  auto settings = settings_.current();
  return settings && settings->registration_allow;
}

// ---- invitations -------------------------------------------------------------------------

Result<Invitation> OnboardingService::send_invitation(Transaction& tx, const Actor& actor,
                                                      const User& user,
                                                      const PortalSettings& settings,
                                                      TimePoint now) {
  const auto lifetime = hours(settings.invitation_lifetime_hours);
  auto token = links_.issue(tx, user.id, LinkPurpose::kInvitation,
                            std::chrono::duration_cast<minutes>(lifetime), now);
  if (!token) return fail(std::move(token).error());
  auto existing = tx.get<InvitationRepository>().find_for_user(user.id);
  if (!existing) return fail(std::move(existing).error());
  Invitation invitation;
  if (*existing) {
    invitation = **existing;
    invitation.sent_at = now;
    invitation.expires_at = now + lifetime;
    ATRIUM_TRY(
        tx.get<InvitationRepository>().record_sent(invitation.id, now, invitation.expires_at));
  } else {
    invitation.user_id = user.id;
    invitation.invited_by = actor.user_id;
    invitation.organisation_id = user.organisation_id;
    invitation.created_at = now;
    invitation.sent_at = now;
    invitation.expires_at = now + lifetime;
    auto created = tx.get<InvitationRepository>().create(invitation);
    if (!created) return fail(std::move(created).error());
    invitation = *created;
  }
  ATRIUM_TRY(mailer_.queue(
      tx, EmailKind::kInvitation, user.email, &user,
      {{"link", mailer_.link(kRegisterPath, *token)}, {"inviter", actor.email}}, now));
  ATRIUM_TRY(record_audit(tx, actor, now, "invitation.send", "user", std::to_string(user.id),
                          user.organisation_id, {{"Email", user.email}}));
  return invitation;
}

Status OnboardingService::created_without_password(Transaction& tx, const Actor& actor,
                                                   const User& user, TimePoint now) {
  auto settings = settings_.load(tx);
  if (!settings) return fail(std::move(settings).error());
  auto sent = send_invitation(tx, actor, user, *settings, now);
  if (!sent) return fail(std::move(sent).error());
  return ok();
}

Status OnboardingService::active_changed(Transaction& tx, const User& user, TimePoint now) {
  // Pending invitations and registrations get their own emails when they complete.
  if (user.active) {
    return mailer_.queue(tx, EmailKind::kAccountActivated, user.email, &user,
                         {{"login_link", mailer_.link(kLoginPath)}}, now);
  }
  return mailer_.queue(tx, EmailKind::kAccountDeactivated, user.email, &user, {}, now);
}

Result<InvitationView> OnboardingService::invite(const Actor& actor, const InviteInput& in) {
  FieldErrors errors;
  std::optional<std::string> email;
  if (in.email) {
    email = errors.take(normalise_email(*in.email));
  } else {
    errors.add("Email", "is required");
  }
  std::optional<std::string> first =
      in.first ? errors.take(check_display_name(*in.first, "First")) : std::nullopt;
  if (!in.first) errors.add("First", "is required");
  std::optional<std::string> last =
      in.last ? errors.take(check_display_name(*in.last, "Last")) : std::nullopt;
  if (!in.last) errors.add("Last", "is required");
  Role role = Role::kConsumerTeamMember;
  if (in.role) {
    const auto parsed = parse_role(*in.role);
    if (!parsed || is_api_owner(*parsed)) {
      errors.add("Role", "must be consumer-admin or consumer-team-member");
    } else {
      role = *parsed;
    }
  }
  if (in.teams.empty()) errors.add("Teams", "choose at least one team");
  ATRIUM_TRY(errors.finish("invitation.invalid"));
  std::vector<TeamId> teams = in.teams;
  std::sort(teams.begin(), teams.end());
  teams.erase(std::unique(teams.begin(), teams.end()), teams.end());

  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<InvitationView> {
    auto principal = principal_of(tx, actor);
    if (!principal) return fail(std::move(principal).error());
    if (is_api_owner(actor.role) || !actor.organisation_id) {
      // Owners create users through the admin API (flow 1), which invites them.
      return fail(not_found("route.not_found", "not found"));
    }
    auto settings = settings_.load(tx);
    if (!settings) return fail(std::move(settings).error());
    if (actor.role == Role::kConsumerAdmin && !settings->consumer_admin_invites_allow) {
      return fail(make_error(ErrorCode::kForbidden, "invitation.disabled",
                             "inviting users is turned off for this portal"));
    }
    if (!policy::may_invite(*principal, *actor.organisation_id, teams,
                            settings->consumer_admin_invites_allow)) {
      if (actor.role != Role::kConsumerAdmin) {
        return fail(not_found("route.not_found", "not found"));
      }
      return fail(make_error(ErrorCode::kForbidden, "invitation.team_forbidden",
                             "you may only invite users into teams you belong to"));
    }
    if (!policy::may_grant_role(*principal, role)) {
      return fail(make_error(ErrorCode::kForbidden, "user.role_forbidden",
                             "you may not grant the role " + std::string(to_string(role))));
    }
    ATRIUM_TRY(throttle_mail(tx, "invitation", *email, actor.source_address, now));
    NewUser user;
    user.cid = new_uuid(random_);
    user.email = *email;
    user.first = *first;
    user.last = *last;
    user.role = role;
    user.active = false;  // until the invitee sets a password
    user.organisation_id = actor.organisation_id;
    auto created = tx.get<UserRepository>().create(user, now);
    if (!created) return fail(std::move(created).error());
    ATRIUM_TRY(tx.get<UserRepository>().set_teams(created->id, teams));
    ATRIUM_TRY(record_audit(tx, actor, now, "user.invite", "user", std::to_string(created->id),
                            created->organisation_id,
                            {{"Email", created->email},
                             {"First", created->first},
                             {"Last", created->last},
                             {"Role", to_string(created->role)},
                             {"Teams", teams}}));
    auto invitation = send_invitation(tx, actor, *created, *settings, now);
    if (!invitation) return fail(std::move(invitation).error());
    return InvitationView{*invitation, *created};
  });
  if (view) mailer_.wake();
  return view;
}

Result<InvitationView> OnboardingService::visible_invitation(Transaction& tx, const Actor& actor,
                                                             InvitationId id) {
  const Error hidden = not_visible("invitation.not_found", "invitation not found");
  const bool owner = is_api_owner(actor.role);
  if (!owner && actor.role != Role::kConsumerAdmin) return fail(hidden);
  auto found = tx.get<InvitationRepository>().find(id);
  if (!found) return fail(std::move(found).error());
  if (!*found || (*found)->accepted_at) return fail(hidden);
  if (!owner && (*found)->organisation_id != actor.organisation_id) return fail(hidden);
  auto user = load_user(tx, (*found)->user_id);
  if (!user) return fail(std::move(user).error());
  return InvitationView{**found, *user};
}

Result<PageOf<InvitationView>> OnboardingService::list_invitations(const Actor& actor,
                                                                   const PageRequest& page) {
  InvitationFilter filter;
  if (!is_api_owner(actor.role)) {
    if (actor.role != Role::kConsumerAdmin || !actor.organisation_id) {
      return fail(not_found("route.not_found", "not found"));
    }
    filter.organisation_id = actor.organisation_id;
  }
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<InvitationView>> {
    auto invitations = tx.get<InvitationRepository>().list(filter, page);
    if (!invitations) return fail(std::move(invitations).error());
    PageOf<InvitationView> out;
    out.total = invitations->total;
    for (const auto& invitation : invitations->items) {
      auto user = load_user(tx, invitation.user_id);
      if (!user) return fail(std::move(user).error());
      out.items.push_back(InvitationView{invitation, *user});
    }
    return out;
  });
}

Result<InvitationView> OnboardingService::resend_invitation(const Actor& actor, InvitationId id) {
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<InvitationView> {
    auto found = visible_invitation(tx, actor, id);
    if (!found) return found;
    ATRIUM_TRY(throttle_mail(tx, "invitation", found->user.email, actor.source_address, now));
    auto settings = settings_.load(tx);
    if (!settings) return fail(std::move(settings).error());
    auto invitation = send_invitation(tx, actor, found->user, *settings, now);
    if (!invitation) return fail(std::move(invitation).error());
    return InvitationView{*invitation, found->user};
  });
  if (view) mailer_.wake();
  return view;
}

Status OnboardingService::revoke_invitation(const Actor& actor, InvitationId id) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    auto found = visible_invitation(tx, actor, id);
    if (!found) return fail(std::move(found).error());
    auto removed = tx.get<UserRepository>().remove(found->user.id);
    if (!removed) return fail(std::move(removed).error());
    return record_audit(tx, actor, now, "invitation.revoke", "user", std::to_string(found->user.id),
                        found->user.organisation_id, {{"Email", found->user.email}});
  });
}

Result<InvitationView> OnboardingService::send_registration_link(const Actor& actor,
                                                                 std::string_view user_ref) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kInviteAnywhere));
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<InvitationView> {
    auto found = find_user_by_ref(tx, user_ref);
    if (!found) return fail(std::move(found).error());
    if (!*found) return fail(not_found("user.not_found", "user not found"));
    const User& user = **found;
    if (user.has_password) {
      return fail(conflict("user.has_password",
                           "this user has a password already; they can reset it from " +
                               std::string(kResetRequestPath)));
    }
    auto settings = settings_.load(tx);
    if (!settings) return fail(std::move(settings).error());
    auto invitation = send_invitation(tx, actor, user, *settings, now);
    if (!invitation) return fail(std::move(invitation).error());
    return InvitationView{*invitation, user};
  });
  if (view) mailer_.wake();
  return view;
}

Result<User> OnboardingService::linked_user(std::string_view token, LinkPurpose purpose) {
  const TimePoint now = clock_.now();
  return db_.read_result([&](Transaction& tx) -> Result<User> {
    auto link = links_.check(tx, token, purpose, now);
    if (!link) return fail(std::move(link).error());
    return load_user(tx, link->user_id);
  });
}

Result<User> OnboardingService::invited_user(std::string_view token) {
  return linked_user(token, LinkPurpose::kInvitation);
}

Result<OnboardingService::CheckedPassword> OnboardingService::check_new_password(
    const NewPasswordInput& input, LinkPurpose purpose) {
  auto user = linked_user(input.token, purpose);
  if (!user) return fail(std::move(user).error());
  FieldErrors errors;
  errors.take(check_password(input.password, user->email));
  if (input.password != input.password_confirmation) {
    errors.add("PasswordConfirmation", "does not match the password");
  }
  ATRIUM_TRY(errors.finish("password.invalid"));
  auto hash = passwords_.hash(input.password);  // slow on purpose: outside any transaction
  if (!hash) return fail(std::move(hash).error());
  return CheckedPassword{std::move(*user), std::move(*hash)};
}

Result<User> OnboardingService::accept_invitation(const NewPasswordInput& input,
                                                  const Requester& requester) {
  auto checked = check_new_password(input, LinkPurpose::kInvitation);
  if (!checked) return fail(std::move(checked).error());
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<User> {
    auto link = links_.redeem(tx, input.token, LinkPurpose::kInvitation, now);
    if (!link) return fail(std::move(link).error());
    auto user = load_user(tx, link->user_id);
    if (!user) return fail(std::move(user).error());
    user->active = true;
    user->reset_password = false;
    auto updated = tx.get<UserRepository>().update(*user, checked->hash, now);
    if (!updated) return fail(std::move(updated).error());
    auto invitation = tx.get<InvitationRepository>().find_for_user(user->id);
    if (!invitation) return fail(std::move(invitation).error());
    if (*invitation)
      ATRIUM_TRY(tx.get<InvitationRepository>().mark_accepted((*invitation)->id, now));
    ATRIUM_TRY(record_audit(tx, self_actor(*updated, requester), now, "invitation.accept", "user",
                            std::to_string(updated->id), updated->organisation_id,
                            {{"Active", true}, {"Password", "set"}}));
    return *updated;
  });
}

// ---- self-registration ---------------------------------------------------------------------

Status OnboardingService::register_user(const RegistrationInput& in, const Requester& requester) {
  auto settings = settings_.current();
  if (!settings) return fail(std::move(settings).error());
  if (!settings->registration_allow) {
    return fail(make_error(ErrorCode::kForbidden, "registration.closed",
                           "registration is closed; ask the portal's owners for an invitation"));
  }
  FieldErrors errors;
  auto email = errors.take(normalise_email(in.email));
  auto first = errors.take(check_display_name(in.first, "First"));
  auto last = errors.take(check_display_name(in.last, "Last"));
  errors.take(check_password(in.password, in.email));
  if (in.password != in.password_confirmation) {
    errors.add("PasswordConfirmation", "does not match the password");
  }
  ATRIUM_TRY(errors.finish("registration.invalid"));
  // Hashed before knowing whether the email exists, so both answers take the same time.
  auto hash = passwords_.hash(in.password);
  if (!hash) return fail(std::move(hash).error());
  const TimePoint now = clock_.now();
  const Status status = db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(throttle_mail(tx, "registration", *email, requester.source_address, now));
    auto existing = tx.get<UserRepository>().find_by_email(*email);
    if (!existing) return fail(std::move(existing).error());
    const auto confirmation_lifetime =
        std::chrono::duration_cast<minutes>(hours(settings->confirmation_lifetime_hours));
    if (*existing) {
      // The same answer as for a new address; the address's owner learns of the attempt (or
      // gets a fresh confirmation link if they never confirmed).
      const User& user = **existing;
      auto registration = tx.get<RegistrationRepository>().find_for_user(user.id);
      if (!registration) return fail(std::move(registration).error());
      if (*registration && (*registration)->state == RegistrationState::kUnconfirmed) {
        auto token =
            links_.issue(tx, user.id, LinkPurpose::kConfirmation, confirmation_lifetime, now);
        if (!token) return fail(std::move(token).error());
        return mailer_.queue(tx, EmailKind::kRegistrationConfirm, user.email, &user,
                             {{"link", mailer_.link(kConfirmPath, *token)}}, now);
      }
      return mailer_.queue(tx, EmailKind::kAlreadyRegistered, user.email, &user,
                           {{"login_link", mailer_.link(kLoginPath)},
                            {"reset_link", mailer_.link(kResetRequestPath)}},
                           now);
    }
    std::optional<InviteCode> code;
    if (!in.invite_code.empty()) {
      auto found = tx.get<InviteCodeRepository>().find_by_code(in.invite_code);
      if (!found) return fail(std::move(found).error());
      const Error bad_code = invalid_argument(
          "registration.invalid", "the invite code is not valid",
          {FieldError{"InviteCode", "is not valid, has expired or has been used up"}});
      if (!*found) return fail(bad_code);
      auto consumed = tx.get<InviteCodeRepository>().consume((*found)->id, now);
      if (!consumed) return fail(std::move(consumed).error());
      if (!*consumed) return fail(bad_code);
      code = **found;
    }
    NewUser user;
    user.cid = new_uuid(random_);
    user.email = *email;
    user.first = *first;
    user.last = *last;
    user.role = Role::kConsumerTeamMember;
    user.active = false;  // until the address is confirmed (and approved)
    user.password_hash = *hash;
    std::vector<TeamId> teams;
    if (code) {
      user.organisation_id = code->organisation_id;
      teams.push_back(code->team_id);
    } else {
      auto organisation = tx.get<OrganisationRepository>().default_organisation();
      if (!organisation) return fail(std::move(organisation).error());
      auto team = tx.get<TeamRepository>().default_team(organisation->id);
      if (!team) return fail(std::move(team).error());
      user.organisation_id = organisation->id;
      teams.push_back(team->id);
    }
    auto created = tx.get<UserRepository>().create(user, now);
    if (!created) return fail(std::move(created).error());
    ATRIUM_TRY(tx.get<UserRepository>().set_teams(created->id, teams));
    Registration registration;
    registration.user_id = created->id;
    registration.state = RegistrationState::kUnconfirmed;
    if (code) registration.invite_code_id = code->id;
    registration.created_at = now;
    auto stored = tx.get<RegistrationRepository>().create(registration);
    if (!stored) return fail(std::move(stored).error());
    auto token =
        links_.issue(tx, created->id, LinkPurpose::kConfirmation, confirmation_lifetime, now);
    if (!token) return fail(std::move(token).error());
    ATRIUM_TRY(mailer_.queue(tx, EmailKind::kRegistrationConfirm, created->email, &*created,
                             {{"link", mailer_.link(kConfirmPath, *token)}}, now));
    nlohmann::json changes = {{"Email", created->email},
                              {"First", created->first},
                              {"Last", created->last},
                              {"OrganisationID", *created->organisation_id},
                              {"Teams", teams}};
    if (code) changes["InviteCodeID"] = code->id;
    return record_audit(tx, self_actor(*created, requester), now, "user.register", "user",
                        std::to_string(created->id), created->organisation_id, changes);
  });
  if (status) mailer_.wake();
  return status;
}

Status OnboardingService::notify_owners(Transaction& tx, const User& user,
                                        const PortalSettings& settings, TimePoint now) {
  const EmailValues values = {{"user_email", user.email},
                              {"user_name", full_name(user)},
                              {"link", mailer_.link(kRegistrationRequestsPath)}};
  if (!settings.email_admin.empty()) {
    return mailer_.queue(tx, EmailKind::kAwaitingApproval, settings.email_admin, nullptr, values,
                         now);
  }
  // No notification address: every active API Owner.
  for (const Role role : {Role::kSuperAdmin, Role::kProviderAdmin}) {
    UserFilter filter;
    filter.role = role;
    filter.active = true;
    for (long long page = 1;; ++page) {
      auto owners = tx.get<UserRepository>().list(filter, PageRequest{page, kMaxPerPage});
      if (!owners) return fail(std::move(owners).error());
      for (const auto& owner : owners->items) {
        ATRIUM_TRY(
            mailer_.queue(tx, EmailKind::kAwaitingApproval, owner.email, &owner, values, now));
      }
      if (page * kMaxPerPage >= owners->total) break;
    }
  }
  return ok();
}

Result<ConfirmationOutcome> OnboardingService::confirm_registration(std::string_view token,
                                                                    const Requester& requester) {
  auto settings = settings_.current();
  if (!settings) return fail(std::move(settings).error());
  const TimePoint now = clock_.now();
  auto outcome = db_.write_result([&](Transaction& tx) -> Result<ConfirmationOutcome> {
    auto link = links_.redeem(tx, token, LinkPurpose::kConfirmation, now);
    if (!link) return fail(std::move(link).error());
    auto user = load_user(tx, link->user_id);
    if (!user) return fail(std::move(user).error());
    auto registration = tx.get<RegistrationRepository>().find_for_user(user->id);
    if (!registration) return fail(std::move(registration).error());
    if (!*registration || (*registration)->state != RegistrationState::kUnconfirmed) {
      return fail(invalid_argument("link.used", "this link has already been used"));
    }
    const bool approve = (*registration)->invite_code_id || settings->registration_auto_approve;
    const auto next = approve ? RegistrationState::kApproved : RegistrationState::kPending;
    auto changed = tx.get<RegistrationRepository>().change_state(
        (*registration)->id, RegistrationState::kUnconfirmed, next, now, std::nullopt);
    if (!changed) return fail(std::move(changed).error());
    if (!*changed) return fail(invalid_argument("link.used", "this link has already been used"));
    nlohmann::json changes = {{"State", to_string(next)}};
    if (approve) {
      user->active = true;
      auto updated = tx.get<UserRepository>().update(*user, std::nullopt, now);
      if (!updated) return fail(std::move(updated).error());
      changes["Active"] = true;
    } else {
      ATRIUM_TRY(notify_owners(tx, *user, *settings, now));
    }
    ATRIUM_TRY(record_audit(tx, self_actor(*user, requester), now, "registration.confirm", "user",
                            std::to_string(user->id), user->organisation_id, changes));
    return approve ? ConfirmationOutcome::kActive : ConfirmationOutcome::kAwaitingApproval;
  });
  if (outcome) mailer_.wake();
  return outcome;
}

Result<PageOf<RegistrationView>> OnboardingService::list_registrations(
    const Actor& actor, std::optional<RegistrationState> state, const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kApproveRegistrations));
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<RegistrationView>> {
    auto registrations = tx.get<RegistrationRepository>().list(RegistrationFilter{state}, page);
    if (!registrations) return fail(std::move(registrations).error());
    PageOf<RegistrationView> out;
    out.total = registrations->total;
    for (const auto& registration : registrations->items) {
      auto user = load_user(tx, registration.user_id);
      if (!user) return fail(std::move(user).error());
      out.items.push_back(RegistrationView{registration, *user});
    }
    return out;
  });
}

Result<RegistrationView> OnboardingService::decide(const Actor& actor, RegistrationId id,
                                                   bool approve) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kApproveRegistrations));
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<RegistrationView> {
    auto found = tx.get<RegistrationRepository>().find(id);
    if (!found) return fail(std::move(found).error());
    if (!*found) return fail(not_found("registration.not_found", "registration request not found"));
    if ((*found)->state != RegistrationState::kPending) {
      return fail(conflict(
          "registration.not_pending",
          "this registration is " + std::string(to_string((*found)->state)) + ", not pending"));
    }
    const auto next = approve ? RegistrationState::kApproved : RegistrationState::kRejected;
    auto changed = tx.get<RegistrationRepository>().change_state(id, RegistrationState::kPending,
                                                                 next, now, actor.user_id);
    if (!changed) return fail(std::move(changed).error());
    if (!*changed) {
      return fail(conflict("registration.not_pending", "this registration was decided already"));
    }
    auto user = load_user(tx, (*found)->user_id);
    if (!user) return fail(std::move(user).error());
    if (approve) {
      user->active = true;
      auto updated = tx.get<UserRepository>().update(*user, std::nullopt, now);
      if (!updated) return fail(std::move(updated).error());
      *user = *updated;
      ATRIUM_TRY(mailer_.queue(tx, EmailKind::kRegistrationApproved, user->email, &*user,
                               {{"login_link", mailer_.link(kLoginPath)}}, now));
    } else {
      ATRIUM_TRY(mailer_.queue(tx, EmailKind::kRegistrationRejected, user->email, &*user, {}, now));
    }
    ATRIUM_TRY(record_audit(
        tx, actor, now, approve ? "registration.approve" : "registration.reject", "user",
        std::to_string(user->id), user->organisation_id, {{"State", to_string(next)}}));
    auto reloaded = tx.get<RegistrationRepository>().find(id);
    if (!reloaded) return fail(std::move(reloaded).error());
    return RegistrationView{reloaded->value_or(**found), *user};
  });
  if (view) mailer_.wake();
  return view;
}

Result<RegistrationView> OnboardingService::approve_registration(const Actor& actor,
                                                                 RegistrationId id) {
  return decide(actor, id, true);
}

Result<RegistrationView> OnboardingService::reject_registration(const Actor& actor,
                                                                RegistrationId id) {
  return decide(actor, id, false);
}

// ---- password reset ------------------------------------------------------------------------

Status OnboardingService::request_reset(std::string_view raw_email, const Requester& requester) {
  auto email = normalise_email(raw_email);
  if (!email) return fail(std::move(email).error());
  auto settings = settings_.current();
  if (!settings) return fail(std::move(settings).error());
  const TimePoint now = clock_.now();
  bool queued = false;
  const Status status = db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(throttle_mail(tx, "reset", *email, requester.source_address, now));
    auto user = tx.get<UserRepository>().find_by_email(*email);
    if (!user) return fail(std::move(user).error());
    if (!*user) return ok();  // the same answer; nothing to send
    auto token = links_.issue(tx, (*user)->id, LinkPurpose::kReset,
                              minutes(settings->reset_lifetime_minutes), now);
    if (!token) return fail(std::move(token).error());
    ATRIUM_TRY(mailer_.queue(tx, EmailKind::kPasswordReset, (*user)->email, &**user,
                             {{"link", mailer_.link(kResetPath, *token)}}, now));
    queued = true;
    return record_audit(tx, self_actor(**user, requester), now, "user.password_reset_request",
                        "user", std::to_string((*user)->id), (*user)->organisation_id);
  });
  if (queued) mailer_.wake();
  return status;
}

Result<User> OnboardingService::reset_user(std::string_view token) {
  return linked_user(token, LinkPurpose::kReset);
}

Status OnboardingService::complete_reset(const NewPasswordInput& input,
                                         const Requester& requester) {
  auto checked = check_new_password(input, LinkPurpose::kReset);
  if (!checked) return fail(std::move(checked).error());
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    auto link = links_.redeem(tx, input.token, LinkPurpose::kReset, now);
    if (!link) return fail(std::move(link).error());
    auto user = load_user(tx, link->user_id);
    if (!user) return fail(std::move(user).error());
    user->reset_password = false;
    auto updated = tx.get<UserRepository>().update(*user, checked->hash, now);
    if (!updated) return fail(std::move(updated).error());
    // DESIGN §3 flow 4: a completed reset ends every session of the user.
    auto ended = tx.get<SessionRepository>().remove_for_user(user->id, std::nullopt);
    if (!ended) return fail(std::move(ended).error());
    return record_audit(tx, self_actor(*updated, requester), now, "user.password_reset", "user",
                        std::to_string(updated->id), updated->organisation_id,
                        {{"Password", "changed"}, {"SessionsEnded", *ended}});
  });
}

}  // namespace atrium
