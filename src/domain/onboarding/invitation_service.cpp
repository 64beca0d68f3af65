#include "domain/onboarding/invitation_service.hpp"

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

using std::chrono::hours;
using std::chrono::minutes;

namespace {

using std::chrono::hours;

Error not_visible(std::string id, std::string message) {
  return not_found(std::move(id), std::move(message));
}

}  // namespace

Result<Invitation> InvitationService::send_invitation(Transaction& tx, const Actor& actor,
                                                      const User& user,
                                                      const PortalSettings& settings,
                                                      TimePoint now) {
  const auto lifetime = hours(settings.invitation_lifetime_hours);
  ATRIUM_ASSIGN_OR_RETURN(auto token,
                          links_.issue(tx, user.id, LinkPurpose::kInvitation,
                                       std::chrono::duration_cast<minutes>(lifetime), now));
  ATRIUM_ASSIGN_OR_RETURN(auto existing, tx.get<InvitationRepository>().find_for_user(user.id));
  Invitation invitation;
  if (existing) {
    invitation = *existing;
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
    ATRIUM_ASSIGN_OR_RETURN(auto created, tx.get<InvitationRepository>().create(invitation));
    invitation = created;
  }
  ATRIUM_TRY(mailer_.queue(tx, EmailKind::kInvitation, user.email, &user,
                           {{"link", mailer_.link(kRegisterPath, token)}, {"inviter", actor.email}},
                           now));
  ATRIUM_TRY(record_audit(tx, actor, now, "invitation.send", "user", std::to_string(user.id),
                          user.organisation_id, {{"Email", user.email}}));
  return invitation;
}

Status InvitationService::created_without_password(Transaction& tx, const Actor& actor,
                                                   const User& user, TimePoint now) {
  ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.load(tx));
  ATRIUM_TRY(send_invitation(tx, actor, user, settings, now));
  return ok();
}

Status InvitationService::active_changed(Transaction& tx, const User& user, TimePoint now) {
  // Pending invitations and registrations get their own emails when they complete.
  if (user.active) {
    return mailer_.queue(tx, EmailKind::kAccountActivated, user.email, &user,
                         {{"login_link", mailer_.link(kLoginPath)}}, now);
  }
  return mailer_.queue(tx, EmailKind::kAccountDeactivated, user.email, &user, {}, now);
}

namespace {

// An invitation's fields, checked (DESIGN §3 flow 2).
struct CheckedInvite {
  std::string email;
  std::string first;
  std::string last;
  Role role = Role::kConsumerTeamMember;
  std::vector<TeamId> teams;  // sorted, without repeats
};

Result<CheckedInvite> check_invite(const InviteInput& in) {
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
  return CheckedInvite{*email, *first, *last, role, std::move(teams)};
}

// Whether this consumer may invite into these teams with this role (the setting, the policy).
Status authorise_invite(const policy::Principal& principal, const Actor& actor,
                        const PortalSettings& settings, const std::vector<TeamId>& teams,
                        Role role) {
  if (actor.role == Role::kConsumerAdmin && !settings.consumer_admin_invites_allow) {
    return fail(make_error(ErrorCode::kForbidden, "invitation.disabled",
                           "inviting users is turned off for this portal"));
  }
  if (!policy::may_invite(principal, *actor.organisation_id, teams,
                          settings.consumer_admin_invites_allow)) {
    if (actor.role != Role::kConsumerAdmin) {
      return fail(not_found("route.not_found", "not found"));
    }
    return fail(make_error(ErrorCode::kForbidden, "invitation.team_forbidden",
                           "you may only invite users into teams you belong to"));
  }
  if (!policy::may_grant_role(principal, role)) {
    return fail(make_error(ErrorCode::kForbidden, "user.role_forbidden",
                           "you may not grant the role " + std::string(to_string(role))));
  }
  return ok();
}

}  // namespace

Result<InvitationView> InvitationService::invite(const Actor& actor, const InviteInput& in) {
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_invite(in));
  const std::vector<TeamId>& teams = checked.teams;
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<InvitationView> {
    ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
    if (is_api_owner(actor.role) || !actor.organisation_id) {
      // Owners create users through the admin API (flow 1), which invites them.
      return fail(not_found("route.not_found", "not found"));
    }
    ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.load(tx));
    ATRIUM_TRY(authorise_invite(principal, actor, settings, teams, checked.role));
    ATRIUM_TRY(throttle_mail(tx, "invitation", checked.email, actor.source_address, now));
    NewUser user;
    user.cid = new_uuid(random_);
    user.email = checked.email;
    user.first = checked.first;
    user.last = checked.last;
    user.role = checked.role;
    user.active = false;  // until the invitee sets a password
    user.organisation_id = actor.organisation_id;
    ATRIUM_ASSIGN_OR_RETURN(auto created, tx.get<UserRepository>().create(user, now));
    ATRIUM_TRY(tx.get<UserRepository>().set_teams(created.id, teams));
    ATRIUM_TRY(record_audit(tx, actor, now, "user.invite", "user", std::to_string(created.id),
                            created.organisation_id,
                            {{"Email", created.email},
                             {"First", created.first},
                             {"Last", created.last},
                             {"Role", to_string(created.role)},
                             {"Teams", teams}}));
    ATRIUM_ASSIGN_OR_RETURN(auto invitation, send_invitation(tx, actor, created, settings, now));
    return InvitationView{invitation, created};
  });
  if (view) mailer_.wake();
  return view;
}

Result<InvitationView> InvitationService::visible_invitation(Transaction& tx, const Actor& actor,
                                                             InvitationId id) {
  const Error hidden = not_visible("invitation.not_found", "invitation not found");
  const bool owner = is_api_owner(actor.role);
  if (!owner && actor.role != Role::kConsumerAdmin) return fail(hidden);
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<InvitationRepository>().find(id));
  if (!found || (found)->accepted_at) return fail(hidden);
  if (!owner && (found)->organisation_id != actor.organisation_id) return fail(hidden);
  ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, (found)->user_id));
  return InvitationView{*found, user};
}

Result<PageOf<InvitationView>> InvitationService::list_invitations(
    const Actor& actor, const PageRequest& page, std::optional<OrganisationId> organisation,
    std::optional<std::string> search) {
  InvitationFilter filter;
  filter.organisation_id = organisation;
  filter.search = std::move(search);
  if (!is_api_owner(actor.role)) {
    if (actor.role != Role::kConsumerAdmin || !actor.organisation_id) {
      return fail(not_found("route.not_found", "not found"));
    }
    filter.organisation_id = actor.organisation_id;
  }
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<InvitationView>> {
    ATRIUM_ASSIGN_OR_RETURN(auto invitations, tx.get<InvitationRepository>().list(filter, page));
    PageOf<InvitationView> out;
    out.total = invitations.total;
    for (const auto& invitation : invitations.items) {
      ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, invitation.user_id));
      out.items.push_back(InvitationView{invitation, user});
    }
    return out;
  });
}

Result<InvitationView> InvitationService::get_invitation(const Actor& actor, InvitationId id) {
  return db_.read_result(
      [&](Transaction& tx) -> Result<InvitationView> { return visible_invitation(tx, actor, id); });
}

Result<InvitationView> InvitationService::resend_invitation(const Actor& actor, InvitationId id) {
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

Status InvitationService::revoke_invitation(const Actor& actor, InvitationId id) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    auto found = visible_invitation(tx, actor, id);
    if (!found) return fail(std::move(found).error());
    ATRIUM_TRY(tx.get<UserRepository>().remove(found->user.id));
    return record_audit(tx, actor, now, "invitation.revoke", "user", std::to_string(found->user.id),
                        found->user.organisation_id, {{"Email", found->user.email}});
  });
}

Result<InvitationView> InvitationService::send_registration_link(const Actor& actor,
                                                                 std::string_view user_ref) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kInviteAnywhere));
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<InvitationView> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, find_user_by_ref(tx, user_ref));
    if (!found) return fail(not_found("user.not_found", "user not found"));
    const User& user = *found;
    if (user.has_password) {
      return fail(conflict("user.has_password",
                           "this user has a password already; they can reset it from " +
                               std::string(kResetRequestPath)));
    }
    ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.load(tx));
    ATRIUM_ASSIGN_OR_RETURN(auto invitation, send_invitation(tx, actor, user, settings, now));
    return InvitationView{invitation, user};
  });
  if (view) mailer_.wake();
  return view;
}

Result<User> InvitationService::invited_user(std::string_view token) {
  return linked_user(token, LinkPurpose::kInvitation);
}

Result<User> InvitationService::accept_invitation(const NewPasswordInput& input,
                                                  const Requester& requester) {
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_new_password(input, LinkPurpose::kInvitation));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<User> {
    ATRIUM_ASSIGN_OR_RETURN(auto link,
                            links_.redeem(tx, input.token, LinkPurpose::kInvitation, now));
    ATRIUM_ASSIGN_OR_RETURN(auto user, load_user(tx, link.user_id));
    user.active = true;
    user.reset_password = false;
    ATRIUM_ASSIGN_OR_RETURN(auto updated, tx.get<UserRepository>().update(user, checked.hash, now));
    ATRIUM_ASSIGN_OR_RETURN(auto invitation, tx.get<InvitationRepository>().find_for_user(user.id));
    if (invitation) ATRIUM_TRY(tx.get<InvitationRepository>().mark_accepted((invitation)->id, now));
    ATRIUM_TRY(record_audit(tx, self_actor(updated, requester), now, "invitation.accept", "user",
                            std::to_string(updated.id), updated.organisation_id,
                            {{"Active", true}, {"Password", "set"}}));
    return updated;
  });
}

}  // namespace atrium
