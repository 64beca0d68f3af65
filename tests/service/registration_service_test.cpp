// Self-registration (DESIGN §3 flow 3): confirmation, approval, invite codes.
#include <gtest/gtest.h>

#include <chrono>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

using namespace std::chrono_literals;

class RegistrationServiceTest : public ServiceTest {
 protected:
  Status register_user(const std::string& email, const std::string& code = "") {
    return registrations_.register_user(
        RegistrationInput{email, "Grace", "Hopper", kPassword, kPassword, code}, requester());
  }

  Result<ConfirmationOutcome> confirm(const std::string& email) {
    return registrations_.confirm_registration(
        composer_.token(email, EmailKind::kRegistrationConfirm), requester());
  }

  // A registered, confirmed user waiting for approval; returns the registration.
  Registration pending(const std::string& email) {
    EXPECT_TRUE(register_user(email));
    auto outcome = confirm(email);
    EXPECT_TRUE(outcome) << why(outcome);
    EXPECT_EQ(outcome.value_or(ConfirmationOutcome::kActive),
              ConfirmationOutcome::kAwaitingApproval);
    const auto user = find_email(email);
    const auto registration = user ? registration_of(user->id) : std::nullopt;
    EXPECT_TRUE(registration);
    return registration.value_or(Registration{});
  }

  InviteCode make_code(TeamId team, long long quota) {
    InviteCodeInput input;
    input.quota = quota;
    input.team_id = team;
    auto code = invite_codes_.create(owner_, input);
    EXPECT_TRUE(code) << why(code);
    return code.value_or(InviteCode{});
  }
};

TEST_F(RegistrationServiceTest, UnknownAndExistingEmailsGetTheSameAnswerAtTheSameCost) {
  const User taken = make_user("taken@self.example");
  const auto hash_before = password_hash_of(taken.id);
  const int hashes_before = passwords_.hashes();
  const Status fresh = register_user("fresh@self.example");
  const int fresh_hashes = passwords_.hashes() - hashes_before;
  const Status existing = register_user("taken@self.example");
  const int existing_hashes = passwords_.hashes() - hashes_before - fresh_hashes;
  ASSERT_TRUE(fresh) << why(fresh);
  ASSERT_TRUE(existing) << why(existing);
  EXPECT_EQ(fresh_hashes, 1);
  EXPECT_EQ(existing_hashes, fresh_hashes);
  // Each address gets exactly one email: a confirmation link, or a note to its owner.
  ASSERT_EQ(outbox_to("fresh@self.example").size(), 1U);
  ASSERT_EQ(outbox_to("taken@self.example").size(), 1U);
  EXPECT_EQ(outbox_to("fresh@self.example")[0].kind, "registration_confirm");
  EXPECT_EQ(outbox_to("taken@self.example")[0].kind, "already_registered");
  // The existing account is untouched.
  EXPECT_EQ(password_hash_of(taken.id), hash_before);
  EXPECT_FALSE(registration_of(taken.id));
  EXPECT_TRUE(login("taken@self.example", kPassword));
}

TEST_F(RegistrationServiceTest, ConfirmationLeavesTheUserPendingWhenAutoApproveIsOff) {
  ASSERT_TRUE(register_user("grace@self.example"));
  const User before = find_email("grace@self.example").value();
  EXPECT_FALSE(before.active);
  EXPECT_EQ(registration_of(before.id).value().state, RegistrationState::kUnconfirmed);
  // The real state is told only after a correct password.
  EXPECT_EQ(error_id(login("grace@self.example", "not the password at all")),
            "auth.invalid_credentials");
  EXPECT_EQ(error_id(login("grace@self.example", kPassword)), "auth.unconfirmed");

  auto outcome = confirm("grace@self.example");
  ASSERT_TRUE(outcome) << why(outcome);
  EXPECT_EQ(*outcome, ConfirmationOutcome::kAwaitingApproval);
  EXPECT_FALSE(reload(before.id).active);
  EXPECT_EQ(registration_of(before.id).value().state, RegistrationState::kPending);
  EXPECT_EQ(error_id(login("grace@self.example", kPassword)), "auth.pending_approval");
  // Every active owner is told, with the registrant's address.
  const auto notice = composer_.last("owner@example.com", EmailKind::kAwaitingApproval);
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->value("user_email"), "grace@self.example");
}

TEST_F(RegistrationServiceTest, ConfirmationActivatesWhenAutoApproveIsOn) {
  SettingsInput input;
  input.registration_auto_approve = true;
  change_settings(input);
  ASSERT_TRUE(register_user("auto@self.example"));
  auto outcome = confirm("auto@self.example");
  ASSERT_TRUE(outcome) << why(outcome);
  EXPECT_EQ(*outcome, ConfirmationOutcome::kActive);
  const User user = find_email("auto@self.example").value();
  EXPECT_TRUE(user.active);
  EXPECT_EQ(user.role, Role::kConsumerTeamMember);
  EXPECT_EQ(registration_of(user.id).value().state, RegistrationState::kApproved);
  EXPECT_TRUE(composer_.to("owner@example.com", EmailKind::kAwaitingApproval).empty());
  EXPECT_TRUE(login("auto@self.example", kPassword));
}

TEST_F(RegistrationServiceTest, TheConfirmationLinkIsSingleUse) {
  ASSERT_TRUE(register_user("once@self.example"));
  const std::string token = composer_.token("once@self.example", EmailKind::kRegistrationConfirm);
  ASSERT_TRUE(registrations_.confirm_registration(token, requester()));
  EXPECT_EQ(error_id(registrations_.confirm_registration(token, requester())), "link.used");
}

TEST_F(RegistrationServiceTest, ARequestIsDecidedOnceOnly) {
  const Registration approved = pending("yes@self.example");
  auto approve = registrations_.approve_registration(owner_, approved.id);
  ASSERT_TRUE(approve) << why(approve);
  EXPECT_EQ(approve->registration.state, RegistrationState::kApproved);
  EXPECT_TRUE(reload(approved.user_id).active);
  EXPECT_TRUE(composer_.last("yes@self.example", EmailKind::kRegistrationApproved));
  EXPECT_TRUE(login("yes@self.example", kPassword));
  auto again = registrations_.approve_registration(owner_, approved.id);
  EXPECT_EQ(error_id(again), "registration.not_pending");
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(error_id(registrations_.reject_registration(owner_, approved.id)),
            "registration.not_pending");
  EXPECT_TRUE(reload(approved.user_id).active) << "a late rejection changed nothing";

  const Registration rejected = pending("no@self.example");
  ASSERT_TRUE(registrations_.reject_registration(owner_, rejected.id));
  EXPECT_EQ(registration_of(rejected.user_id).value().state, RegistrationState::kRejected);
  EXPECT_TRUE(composer_.last("no@self.example", EmailKind::kRegistrationRejected));
  EXPECT_EQ(error_id(registrations_.approve_registration(owner_, rejected.id)),
            "registration.not_pending");
  EXPECT_FALSE(reload(rejected.user_id).active);
  EXPECT_EQ(error_id(login("no@self.example", kPassword)), "auth.inactive");
}

TEST_F(RegistrationServiceTest, AnUnconfirmedRequestCannotBeDecidedAndConsumersCannotDecide) {
  ASSERT_TRUE(register_user("early@self.example"));
  const User user = find_email("early@self.example").value();
  const Registration registration = registration_of(user.id).value();
  EXPECT_EQ(error_id(registrations_.approve_registration(owner_, registration.id)),
            "registration.not_pending");
  EXPECT_FALSE(reload(user.id).active);

  const Registration waiting = pending("wait@self.example");
  const User consumer = make_user("admin@consumer.example", 0, {}, "consumer-admin");
  auto by_consumer = registrations_.approve_registration(actor_of(consumer), waiting.id);
  ASSERT_FALSE(by_consumer);
  EXPECT_EQ(by_consumer.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(registration_of(waiting.user_id).value().state, RegistrationState::kPending);
}

TEST_F(RegistrationServiceTest, AnInviteCodeAdmitsItsQuotaIntoItsTeamAndNoMore) {
  const auto org = make_organisation("Coded Co");
  const Team team = make_team(org.organisation.id, "Builders");
  const InviteCode code = make_code(team.id, 2);
  ASSERT_TRUE(register_user("one@coded.example", code.code));
  ASSERT_TRUE(register_user("two@coded.example", code.code));
  const Status third = register_user("three@coded.example", code.code);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().id, "registration.invalid");
  ASSERT_EQ(third.error().fields.size(), 1U);
  EXPECT_EQ(third.error().fields[0].field, "InviteCode");
  EXPECT_FALSE(find_email("three@coded.example"));
  auto used = invite_codes_.get(owner_, std::to_string(code.id));
  ASSERT_TRUE(used) << why(used);
  EXPECT_EQ(used->used, 2);

  // A code's registrant joins its team and is active on confirmation, without approval.
  auto outcome = confirm("one@coded.example");
  ASSERT_TRUE(outcome) << why(outcome);
  EXPECT_EQ(*outcome, ConfirmationOutcome::kActive);
  const User one = find_email("one@coded.example").value();
  EXPECT_TRUE(one.active);
  EXPECT_EQ(one.organisation_id, org.organisation.id);
  EXPECT_EQ(team_ids_of(one.id), std::vector<TeamId>{team.id});
}

TEST_F(RegistrationServiceTest, ExpiredInactiveAndUnknownCodesAdmitNobody) {
  const auto org = make_organisation("Late Co");
  const InviteCode code = make_code(default_team_of(org).id, 10);
  InviteCodeInput expiry;
  expiry.expires = std::optional<TimePoint>(clock_.now() + 1h);
  ASSERT_TRUE(invite_codes_.update(owner_, std::to_string(code.id), expiry));
  ASSERT_TRUE(register_user("before@late.example", code.code));
  clock_.advance(1h);
  EXPECT_EQ(error_id(register_user("after@late.example", code.code)), "registration.invalid");

  const InviteCode off = make_code(default_team_of(org).id, 10);
  InviteCodeInput deactivate;
  deactivate.active = false;
  ASSERT_TRUE(invite_codes_.update(owner_, std::to_string(off.id), deactivate));
  EXPECT_EQ(error_id(register_user("off@late.example", off.code)), "registration.invalid");
  EXPECT_EQ(error_id(register_user("bad@late.example", "00000000000000000000000000000000")),
            "registration.invalid");
  EXPECT_FALSE(find_email("after@late.example"));
  EXPECT_FALSE(find_email("off@late.example"));
  EXPECT_FALSE(find_email("bad@late.example"));
}

TEST_F(RegistrationServiceTest, ClosedRegistrationIsRefused) {
  SettingsInput input;
  input.registration_allow = false;
  change_settings(input);
  EXPECT_FALSE(registrations_.registration_open());
  const Status refused = register_user("closed@self.example");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(refused.error().id, "registration.closed");
  EXPECT_FALSE(find_email("closed@self.example"));
}

}  // namespace
}  // namespace atrium::service
