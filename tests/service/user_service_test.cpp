// Users as the admin API manages them (DESIGN §1–§2) through UserService.
#include <gtest/gtest.h>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

class UserServiceTest : public ServiceTest {
 protected:
  // A provider-admin acting through the services.
  Actor provider_admin() {
    UserInput input;
    input.role = "provider-admin";
    input.password = kPassword;
    auto created = create_user("prov@example.com", input);
    EXPECT_TRUE(created) << why(created);
    return created ? actor_of(created->user) : Actor{};
  }
};

TEST_F(UserServiceTest, UpdatingTheNameKeepsThePassword) {
  const User user = make_user("dev@example.com");
  const auto hash = password_hash_of(user.id);
  ASSERT_TRUE(hash);
  UserInput input;
  input.first = "Dev";
  auto updated = users_.update(owner_, std::to_string(user.id), input);
  ASSERT_TRUE(updated) << why(updated);
  EXPECT_EQ(updated->user.first, "Dev");
  EXPECT_EQ(updated->user.last, user.last);
  EXPECT_EQ(updated->user.email, user.email);
  EXPECT_EQ(password_hash_of(user.id), hash);
  EXPECT_TRUE(login("dev@example.com", kPassword));
}

TEST_F(UserServiceTest, APasswordChangeByAnOwnerEndsTheUsersSessions) {
  const User user = make_user("dev@example.com");
  auto signed_in = login("dev@example.com", kPassword);
  ASSERT_TRUE(signed_in);
  UserInput input;
  input.password = kNewPassword;
  ASSERT_TRUE(users_.update(owner_, std::to_string(user.id), input));
  EXPECT_FALSE(sessions_.resolve(signed_in->session.token));
  EXPECT_TRUE(login("dev@example.com", kNewPassword));
}

TEST_F(UserServiceTest, AProviderAdminCannotChangeOrDeleteASuperAdmin) {
  const Actor provider = provider_admin();
  const std::string super_id = std::to_string(owner_user_.id);
  UserInput rename;
  rename.first = "Hacked";
  auto edit = users_.update(provider, super_id, rename);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, ErrorCode::kForbidden);
  auto removed = users_.remove(provider, super_id);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(reload(owner_user_.id).first, owner_user_.first);

  UserInput grant;
  grant.email = "s2@example.com";
  grant.first = "S";
  grant.last = "A";
  grant.role = "super-admin";
  EXPECT_EQ(error_id(users_.create(provider, grant)), "user.role_forbidden");
  EXPECT_FALSE(find_email("s2@example.com"));
  // Everything else is theirs.
  UserInput consumer;
  consumer.email = "c@example.com";
  consumer.first = "C";
  consumer.last = "D";
  EXPECT_TRUE(users_.create(provider, consumer));
}

TEST_F(UserServiceTest, TheLastSuperAdminCannotBeDemotedDeactivatedOrDeleted) {
  const std::string id = std::to_string(owner_user_.id);
  UserInput demote;
  demote.role = "provider-admin";
  EXPECT_EQ(error_id(users_.update(owner_, id, demote)), "user.last_super_admin");
  EXPECT_EQ(error_id(users_.set_active(owner_, id, false)), "user.last_super_admin");
  EXPECT_EQ(error_id(users_.remove(owner_, id)), "user.last_super_admin");
  UserInput second;
  second.role = "super-admin";
  ASSERT_TRUE(create_user("second@example.com", second));
  EXPECT_TRUE(users_.update(owner_, id, demote)) << "with another super-admin, the first may go";
}

TEST_F(UserServiceTest, TeamsMustBeInTheUsersOrganisation) {
  const auto acme = make_organisation("Acme");
  const auto globex = make_organisation("Globex");
  UserInput input;
  input.organisation_id = acme.organisation.id;
  input.teams = std::vector<TeamId>{default_team_of(globex).id};
  auto created = create_user("x@acme.example", input);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(created.error().fields.size(), 1U);
  EXPECT_EQ(created.error().fields[0].field, "Teams");
  EXPECT_FALSE(find_email("x@acme.example"));

  const User user = make_user("y@acme.example", acme.organisation.id);
  UserInput move_teams;
  move_teams.teams = std::vector<TeamId>{default_team_of(globex).id};
  auto updated = users_.update(owner_, std::to_string(user.id), move_teams);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().fields.at(0).field, "Teams");
  EXPECT_EQ(team_ids_of(user.id), std::vector<TeamId>{default_team_of(acme).id});
}

TEST_F(UserServiceTest, MovingToAnotherOrganisationPlacesTheUserInItsDefaultTeam) {
  const auto acme = make_organisation("Acme");
  const User user = make_user("mover@example.com");
  UserInput input;
  input.organisation_id = acme.organisation.id;
  auto moved = users_.update(owner_, std::to_string(user.id), input);
  ASSERT_TRUE(moved) << why(moved);
  EXPECT_EQ(moved->user.organisation_id, acme.organisation.id);
  EXPECT_EQ(team_ids_of(user.id), std::vector<TeamId>{default_team_of(acme).id});
}

TEST_F(UserServiceTest, EmailsAreUniqueCaseInsensitively) {
  make_user("jane@example.com");
  auto duplicate = create_user(" JANE@example.COM ");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  EXPECT_EQ(duplicate.error().id, "user.email_taken");
}

TEST_F(UserServiceTest, AConsumerAdminActsOnlyOnUsersSharingATeamAndOnlyWithinTheirTeams) {
  const auto org = make_organisation("Partner");
  const Team red = make_team(org.organisation.id, "Red");
  const Team blue = make_team(org.organisation.id, "Blue");
  const User admin =
      make_user("admin@partner.example", org.organisation.id, {red.id}, "consumer-admin");
  const User mate = make_user("mate@partner.example", org.organisation.id, {red.id});
  const User stranger = make_user("stranger@partner.example", org.organisation.id, {blue.id});

  // Out of sight is not found, exactly like a user that does not exist.
  UserInput rename;
  rename.first = "Renamed";
  auto hidden = users_.update(actor_of(admin), std::to_string(stranger.id), rename);
  EXPECT_EQ(error_id(hidden), "user.not_found");
  EXPECT_EQ(error_id(users_.get(actor_of(admin), "999999")), "user.not_found");
  EXPECT_EQ(error_id(users_.get(actor_of(admin), std::to_string(stranger.id))), "user.not_found");

  EXPECT_TRUE(users_.update(actor_of(admin), std::to_string(mate.id), rename));
  // Adding a team the admin is not in is refused; the teams stay as they were.
  UserInput to_blue;
  to_blue.teams = std::vector<TeamId>{red.id, blue.id};
  auto refused = users_.update(actor_of(admin), std::to_string(mate.id), to_blue);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(team_ids_of(mate.id), std::vector<TeamId>{red.id});
  // Activation is the owners' alone.
  auto deactivate = users_.set_active(actor_of(admin), std::to_string(mate.id), false);
  ASSERT_FALSE(deactivate);
  EXPECT_EQ(deactivate.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(reload(mate.id).active);
}

TEST_F(UserServiceTest, ActivationAndDeactivationAreEmailed) {
  const User user = make_user("act@example.com");
  ASSERT_TRUE(users_.set_active(owner_, std::to_string(user.id), false));
  ASSERT_TRUE(users_.set_active(owner_, std::to_string(user.id), true));
  const auto emails = composer_.to("act@example.com");
  ASSERT_EQ(emails.size(), 2U);
  EXPECT_EQ(emails[0].kind, EmailKind::kAccountDeactivated);
  EXPECT_EQ(emails[1].kind, EmailKind::kAccountActivated);
  EXPECT_EQ(emails[1].value("login_link"), "https://portal.test/auth/password/login");
  EXPECT_EQ(outbox_to("act@example.com").size(), 2U);
  // Setting the state it already has sends nothing.
  ASSERT_TRUE(users_.set_active(owner_, std::to_string(user.id), true));
  EXPECT_EQ(composer_.to("act@example.com").size(), 2U);
}

}  // namespace
}  // namespace atrium::service
