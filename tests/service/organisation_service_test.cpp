// Organisations and teams (DESIGN §1) through OrganisationService.
#include <gtest/gtest.h>

#include "domain/directory/organisation_repository.hpp"
#include "service_fixture.hpp"

namespace atrium::service {
namespace {

class OrganisationServiceTest : public ServiceTest {
 protected:
  OrganisationView default_organisation() {
    auto org = db_->read_result(
        [](Transaction& tx) { return tx.get<OrganisationRepository>().default_organisation(); });
    EXPECT_TRUE(org) << why(org);
    auto view = organisations_.get(owner_, std::to_string(org ? org->id : 0));
    EXPECT_TRUE(view) << why(view);
    return view.value_or(OrganisationView{});
  }
};

TEST_F(OrganisationServiceTest, ANewOrganisationGetsItsDefaultTeam) {
  const auto org = make_organisation("Acme Corp");
  ASSERT_EQ(org.teams.size(), 1U);
  EXPECT_TRUE(org.teams[0].is_default);
  EXPECT_EQ(org.teams[0].name, "Acme Corp All users");
  EXPECT_FALSE(org.organisation.is_default);
  // Renaming carries the generated team name along.
  auto renamed = organisations_.rename(owner_, std::to_string(org.organisation.id), "Acme Inc");
  ASSERT_TRUE(renamed) << why(renamed);
  EXPECT_EQ(default_team_of(*renamed).name, "Acme Inc All users");
}

TEST_F(OrganisationServiceTest, DeletingAnOrganisationMovesItsUsersToTheDefaultTeam) {
  const auto org = make_organisation("Acme");
  const Team builders = make_team(org.organisation.id, "Builders");
  const User user =
      make_user("dev@acme.example", org.organisation.id, {builders.id, default_team_of(org).id});
  ASSERT_TRUE(organisations_.remove(owner_, std::to_string(org.organisation.id)));

  const auto fallback = default_organisation();
  const User moved = reload(user.id);
  EXPECT_EQ(moved.organisation_id, fallback.organisation.id);
  EXPECT_EQ(team_ids_of(user.id), std::vector<TeamId>{default_team_of(fallback).id});
  EXPECT_EQ(error_id(organisations_.get(owner_, std::to_string(org.organisation.id))),
            "organisation.not_found");
  EXPECT_TRUE(login("dev@acme.example", kPassword)) << "the moved user can still sign in";
}

TEST_F(OrganisationServiceTest, TheDefaultOrganisationAndDefaultTeamsAreNeverDeleted) {
  const auto fallback = default_organisation();
  ASSERT_TRUE(fallback.organisation.is_default);
  const std::string id = std::to_string(fallback.organisation.id);
  auto removed = organisations_.remove(owner_, id);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(removed.error().id, "organisation.default_undeletable");
  EXPECT_TRUE(organisations_.rename(owner_, id, "Everyone")) << "but it can be renamed";
  EXPECT_TRUE(organisations_.get(owner_, id));

  const auto org = make_organisation("Acme");
  auto team = organisations_.remove_team(owner_, std::to_string(org.organisation.id),
                                         std::to_string(default_team_of(org).id));
  EXPECT_EQ(error_id(team), "team.default_undeletable");
}

TEST_F(OrganisationServiceTest, DeletingATeamMovesMembersLeftWithoutATeamToTheDefaultTeam) {
  const auto org = make_organisation("Acme");
  const OrganisationId id = org.organisation.id;
  const Team red = make_team(id, "Red");
  const Team blue = make_team(id, "Blue");
  const User only_red = make_user("red@acme.example", id, {red.id});
  const User both = make_user("both@acme.example", id, {red.id, blue.id});
  ASSERT_TRUE(organisations_.remove_team(owner_, std::to_string(id), std::to_string(red.id)));
  EXPECT_EQ(team_ids_of(only_red.id), std::vector<TeamId>{default_team_of(org).id});
  EXPECT_EQ(team_ids_of(both.id), std::vector<TeamId>{blue.id}) << "still has a team";
}

TEST_F(OrganisationServiceTest, ConsumersSeeNoneOfIt) {
  const User admin = make_user("admin@example.com", 0, {}, "consumer-admin");
  auto created = organisations_.create(actor_of(admin), "Mine");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kNotFound);
  auto listed = organisations_.list(actor_of(admin), PageRequest{});
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace atrium::service
