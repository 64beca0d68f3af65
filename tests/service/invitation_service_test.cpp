// Invitations (DESIGN §3 flows 1 and 2) through InvitationService and UserService.
#include <gtest/gtest.h>

#include <chrono>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

using namespace std::chrono_literals;

class InvitationServiceTest : public ServiceTest {
 protected:
  // An owner-created user without a password (inactive until they accept).
  User invited_by_owner(const std::string& email) {
    UserInput input;
    input.active = false;
    auto created = create_user(email, input);
    EXPECT_TRUE(created) << why(created);
    return created ? created->user : User{};
  }

  Result<User> accept(const std::string& token, const std::string& password = kPassword) {
    return invitations_.accept_invitation(NewPasswordInput{token, password, password}, requester());
  }

  // A consumer-admin of a fresh organisation, in its team "Integrators".
  struct AdminSetup {
    OrganisationView org;
    Team mine;
    Team other;
    User admin;
  };
  AdminSetup consumer_admin() {
    AdminSetup s;
    s.org = make_organisation("Partner Co");
    s.mine = make_team(s.org.organisation.id, "Integrators");
    s.other = make_team(s.org.organisation.id, "Finance");
    s.admin =
        make_user("lead@partner.example", s.org.organisation.id, {s.mine.id}, "consumer-admin");
    return s;
  }

  static InviteInput invite_input(const std::string& email, std::vector<TeamId> teams) {
    InviteInput input;
    input.email = email;
    input.first = "Nia";
    input.last = "New";
    input.teams = std::move(teams);
    return input;
  }
};

TEST_F(InvitationServiceTest, OwnerCreatedUserWithoutPasswordSetsItThroughTheEmailedLink) {
  const User user = invited_by_owner("ada@partner.example");
  EXPECT_FALSE(user.has_password);
  EXPECT_FALSE(user.active);
  const std::string token = composer_.token("ada@partner.example", EmailKind::kInvitation);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(composer_.last("ada@partner.example", EmailKind::kInvitation).value().value("inviter"),
            "owner@example.com");
  // The email went through the Mailer into the outbox, carrying the same link.
  const auto queued = outbox_to("ada@partner.example");
  ASSERT_EQ(queued.size(), 1U);
  EXPECT_EQ(queued[0].kind, "invitation");
  EXPECT_EQ(queued[0].status, OutboxStatus::kQueued);
  EXPECT_NE(queued[0].text_body.find(token), std::string::npos);
  EXPECT_EQ(error_id(login("ada@partner.example", kPassword)), "auth.invalid_credentials");

  auto accepted = accept(token);
  ASSERT_TRUE(accepted) << why(accepted);
  const User after = reload(user.id);
  EXPECT_TRUE(after.active);
  EXPECT_TRUE(after.has_password);
  EXPECT_TRUE(login("ada@partner.example", kPassword)) << "the chosen password signs in";
}

TEST_F(InvitationServiceTest, AWeakPasswordIsRefusedAndTheLinkStillWorks) {
  invited_by_owner("weak@partner.example");
  const std::string token = composer_.token("weak@partner.example", EmailKind::kInvitation);
  auto weak = accept(token, "password");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(weak.error().id, "password.invalid");
  EXPECT_TRUE(accept(token));
}

TEST_F(InvitationServiceTest, TheLinkIsSingleUse) {
  invited_by_owner("once@partner.example");
  const std::string token = composer_.token("once@partner.example", EmailKind::kInvitation);
  ASSERT_TRUE(accept(token));
  EXPECT_EQ(error_id(accept(token, kNewPassword)), "link.used");
  EXPECT_EQ(error_id(invitations_.invited_user(token)), "link.used");
  // The second attempt changed nothing: the first password still signs in.
  EXPECT_TRUE(login("once@partner.example", kPassword));
}

TEST_F(InvitationServiceTest, ANewerLinkVoidsTheOlderOne) {
  const User user = invited_by_owner("twice@partner.example");
  const std::string first = composer_.token("twice@partner.example", EmailKind::kInvitation);
  auto resent = invitations_.send_registration_link(owner_, std::to_string(user.id));
  ASSERT_TRUE(resent) << why(resent);
  const std::string second = composer_.token("twice@partner.example", EmailKind::kInvitation);
  ASSERT_NE(first, second);
  EXPECT_EQ(error_id(accept(first)), "link.replaced");
  EXPECT_TRUE(accept(second));
}

TEST_F(InvitationServiceTest, TheLinkExpiresAfterTheInvitationLifetime) {
  invited_by_owner("late@partner.example");
  const std::string token = composer_.token("late@partner.example", EmailKind::kInvitation);
  clock_.advance(std::chrono::hours(24 * 7) - 1min);  // the default 7 days
  EXPECT_TRUE(invitations_.invited_user(token));
  clock_.advance(2min);
  EXPECT_EQ(error_id(accept(token)), "link.expired");
}

TEST_F(InvitationServiceTest, AUserWithAPasswordGetsNoRegistrationLink) {
  const User user = make_user("has@partner.example");
  auto sent = invitations_.send_registration_link(owner_, std::to_string(user.id));
  EXPECT_EQ(error_id(sent), "user.has_password");
  EXPECT_EQ(sent.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(composer_.to("has@partner.example", EmailKind::kInvitation).empty());
}

TEST_F(InvitationServiceTest, AConsumerAdminInvitesOnlyIntoTheirOwnTeams) {
  const AdminSetup s = consumer_admin();
  auto foreign =
      invitations_.invite(actor_of(s.admin), invite_input("x@partner.example", {s.other.id}));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(foreign.error().id, "invitation.team_forbidden");
  EXPECT_FALSE(find_email("x@partner.example"));
  EXPECT_TRUE(composer_.to("x@partner.example").empty());
  EXPECT_TRUE(outbox_to("x@partner.example").empty());

  auto mixed = invitations_.invite(actor_of(s.admin),
                                   invite_input("y@partner.example", {s.mine.id, s.other.id}));
  EXPECT_EQ(error_id(mixed), "invitation.team_forbidden");

  auto invited =
      invitations_.invite(actor_of(s.admin), invite_input("new@partner.example", {s.mine.id}));
  ASSERT_TRUE(invited) << why(invited);
  EXPECT_FALSE(invited->user.active);
  EXPECT_EQ(invited->user.organisation_id, s.org.organisation.id);
  EXPECT_EQ(invited->user.role, Role::kConsumerTeamMember);
  EXPECT_EQ(team_ids_of(invited->user.id), std::vector<TeamId>{s.mine.id});
  const std::string token = composer_.token("new@partner.example", EmailKind::kInvitation);
  ASSERT_TRUE(accept(token));
  EXPECT_TRUE(reload(invited->user.id).active);
  auto pending = invitations_.list_invitations(actor_of(s.admin), PageRequest{});
  ASSERT_TRUE(pending) << why(pending);
  EXPECT_EQ(pending->total, 0) << "an accepted invitation is no longer pending";
}

TEST_F(InvitationServiceTest, TeamMembersCannotInviteAndTheSettingTurnsAdminsOff) {
  const AdminSetup s = consumer_admin();
  const User member = make_user("member@partner.example", s.org.organisation.id, {s.mine.id});
  auto by_member =
      invitations_.invite(actor_of(member), invite_input("m@partner.example", {s.mine.id}));
  ASSERT_FALSE(by_member);
  EXPECT_EQ(by_member.error().code, ErrorCode::kNotFound);

  SettingsInput off;
  off.consumer_admin_invites_allow = false;
  change_settings(off);
  auto disabled =
      invitations_.invite(actor_of(s.admin), invite_input("d@partner.example", {s.mine.id}));
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(disabled.error().id, "invitation.disabled");
  EXPECT_FALSE(find_email("d@partner.example"));
}

TEST_F(InvitationServiceTest, RevokingDeletesTheInvitedUserAndKillsTheLink) {
  const AdminSetup s = consumer_admin();
  auto invited =
      invitations_.invite(actor_of(s.admin), invite_input("gone@partner.example", {s.mine.id}));
  ASSERT_TRUE(invited) << why(invited);
  const std::string token = composer_.token("gone@partner.example", EmailKind::kInvitation);
  // Another organisation's admin does not even see it.
  const auto other_org = make_organisation("Other Co");
  const User stranger =
      make_user("boss@other.example", other_org.organisation.id, {}, "consumer-admin");
  EXPECT_EQ(error_id(invitations_.revoke_invitation(actor_of(stranger), invited->invitation.id)),
            "invitation.not_found");

  ASSERT_TRUE(invitations_.revoke_invitation(actor_of(s.admin), invited->invitation.id));
  EXPECT_FALSE(find_email("gone@partner.example"));
  EXPECT_FALSE(accept(token));
}

}  // namespace
}  // namespace atrium::service
