// The Admin Portal's audit log: newest first, filtered by actor, action, target and days, paged
// with the filters kept; bad filters name the field; owners only.
#include <gtest/gtest.h>

#include <string>

#include "admin_portal_fixture.hpp"
#include "core/time_format.hpp"

namespace atrium::testing {
namespace {

class AuditPagesTest : public AdminPortalTest {
 protected:
  // The test clock's day, YYYY-MM-DD.
  std::string today() { return format_rfc3339(portal_->clock().now()).substr(0, 10); }
  int rows(const HttpResult& r) {
    int n = 0;
    for (auto at = r.body.find("<tbody>"); (at = r.body.find("<tr>", at)) != std::string::npos;
         ++at) {
      ++n;
    }
    return n;
  }
};

TEST_F(AuditPagesTest, AnOwnerSeesWhoChangedWhatAndFilters) {
  Browser olive = signed_in("olive");
  olive.get("/admin/organisations");
  ASSERT_EQ(olive.post("/admin/organisations", {{"Name", "Audited"}}).status, 303);
  auto all = olive.get("/admin/audit");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(mentions(all, R"(href="/admin/audit" aria-current="page")"));
  EXPECT_TRUE(mentions(all, "<code>organisation.create</code>"));
  EXPECT_TRUE(mentions(all, "olive@example.com"));
  EXPECT_TRUE(mentions(all, "owner@example.com")) << "the API's changes too";
  // Newest first: olive's organisation before the fixture's users.
  EXPECT_LT(all.body.find("organisation.create</code>"), all.body.find("user.create</code>"));

  auto by_olive = olive.get("/admin/audit?actor=OLIVE%40example.com");
  EXPECT_EQ(by_olive.status, 200);
  EXPECT_TRUE(mentions(by_olive, "organisation.create"));
  EXPECT_FALSE(mentions(by_olive, "owner@example.com"));
  EXPECT_TRUE(mentions(by_olive, R"(value="OLIVE@example.com")"));
  auto action = olive.get("/admin/audit?action=user.create");
  EXPECT_EQ(rows(action), 3) << "olive, alice, dave";
  auto target = olive.get("/admin/audit?target_type=user&target_id=" + std::to_string(alice_));
  EXPECT_EQ(rows(target), 1) << target.body;
  auto days = olive.get("/admin/audit?from=" + today() + "&until=" + today());
  EXPECT_GE(rows(days), 5);
  // A user's page leads to the changes made to and by them.
  auto alice = olive.get("/admin/users/" + std::to_string(alice_));
  EXPECT_TRUE(mentions(
      alice, "href=\"/admin/audit?target_type=user&amp;target_id=" + std::to_string(alice_) + "\""))
      << alice.body;
  EXPECT_TRUE(mentions(alice, R"(href="/admin/audit?actor=alice%40example.com")"));
  // Targets link to their pages; changes are one "Field: value" line each.
  EXPECT_TRUE(mentions(all, "<a href=\"/admin/users/" + std::to_string(alice_) + "\">user " +
                                std::to_string(alice_) + "</a>"));
  EXPECT_TRUE(mentions(all, "<li>Name: Audited</li>")) << all.body;
  auto before = olive.get("/admin/audit?until=2000-01-01");
  EXPECT_EQ(rows(before), 0);
  EXPECT_TRUE(mentions(before, "No event matches these filters."));
}

// "Who" takes the user id each row records too: it finds a deleted user's events, whose address
// no user has any more (the recorded address itself is not searched: docs/web.md).
TEST_F(AuditPagesTest, WhoMatchesTheRecordedActorIdEvenOfADeletedUser) {
  Browser olive = signed_in("olive");
  olive.get("/admin/organisations");
  ASSERT_EQ(olive.post("/admin/organisations", {{"Name", "Olive's"}}).status, 303);
  auto by_id = olive.get("/admin/audit?actor=" + std::to_string(olive_));
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(rows(by_id), 1) << by_id.body;
  EXPECT_TRUE(mentions(by_id, "<code>organisation.create</code>"));
  EXPECT_TRUE(mentions(by_id, "user ID " + std::to_string(olive_))) << "the row names the id";

  ASSERT_EQ(admin_->del("/portal-api/users/" + std::to_string(olive_)).status, 200);
  user("owen", "super-admin", 0);
  Browser owner = signed_in("owen");
  auto gone = owner.get("/admin/audit?actor=" + std::to_string(olive_));
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(rows(gone), 1) << "the deleted user's event, by the id it recorded";
  EXPECT_TRUE(mentions(gone, "olive@example.com"));
  auto by_address = owner.get("/admin/audit?actor=olive%40example.com");
  EXPECT_EQ(by_address.status, 400) << "no user has the address now";
}

TEST_F(AuditPagesTest, BadFiltersNameTheField) {
  Browser olive = signed_in("olive");
  auto bad = olive.get(
      "/admin/audit?actor=nobody%40example.com&from=yesterday&until=2026-13-45&"
      "action=" +
      std::string(200, 'a'));
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(mentions(bad, "Who: no user has this email address")) << bad.body;
  EXPECT_TRUE(mentions(bad, R"(<p class="field-error" id="actor-error">)")) << "beside the field";
  EXPECT_TRUE(mentions(bad, R"(aria-describedby="from-error" aria-invalid="true")"));
  EXPECT_TRUE(mentions(bad, "From: must be a date such as 2026-12-31"));
  EXPECT_TRUE(mentions(bad, "Until: must be a date such as 2026-12-31"));
  EXPECT_TRUE(mentions(bad, "Action: must be at most 100 characters"));
  EXPECT_GT(rows(bad), 0) << "the unfiltered log below the errors";
}

TEST_F(AuditPagesTest, TheLogPagesFiftyAtATimeKeepingTheFilters) {
  for (int i = 0; i < 55; ++i)
    post("/portal-api/organisations", {{"Name", "Org " + std::to_string(i)}});
  Browser olive = signed_in("olive");
  auto first = olive.get("/admin/audit?action=organisation.create");
  EXPECT_EQ(rows(first), 50);
  EXPECT_TRUE(mentions(first, "56 matching event(s)"));
  EXPECT_TRUE(
      mentions(first, R"(href="/admin/audit?action=organisation.create&amp;page=2" rel="next")"))
      << first.body;
  auto second = olive.get("/admin/audit?action=organisation.create&page=2");
  EXPECT_EQ(rows(second), 6);
  EXPECT_TRUE(mentions(second, "Org 0"));
}

TEST_F(AuditPagesTest, ConsumersGetTheNotFoundPage) {
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/audit").status, 404) << name;
    EXPECT_EQ(consumer.get("/admin/audit?actor=olive%40example.com").status, 404) << name;
  }
}

}  // namespace
}  // namespace atrium::testing
