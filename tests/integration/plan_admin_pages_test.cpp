// Plans in the Admin Portal (DESIGN §9, §12): create and edit every field (each refusal names its
// field, keeps what was typed and changes nothing: the audit log proves it), the catalogues that
// offer a plan, the list with paging and its empty state; owners only.
#include <gtest/gtest.h>

#include <string>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class PlanAdminPagesTest : public AdminPortalTest {
 protected:
  nlohmann::json api_plan(const std::string& page) {
    return admin_->get("/portal-api/plans/" + page.substr(page.rfind('/') + 1)).json();
  }
};

TEST_F(PlanAdminPagesTest, AnOwnerCreatesAndEditsAPlan) {
  const long long open =
      post("/portal-api/catalogues", {{"Name", "Open"}, {"VisibilityStatus", "Public"}})["ID"];
  Browser owner = signed_in("olive");
  auto empty = owner.get("/admin/plans");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(mentions(empty, "No plans yet."));
  EXPECT_TRUE(mentions(empty, "href=\"/admin/plans/new\""));

  const long long before = audit_count();
  owner.get("/admin/plans/new");
  auto refused = owner.post_fields("/admin/plans/new", {{"Name", ""},
                                                        {"RateLimit", "lots"},
                                                        {"Quota", "-5"},
                                                        {"MetaData", "[1, 2]"},
                                                        {"Catalogues", "abc"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  for (const std::string field : {"RateLimit", "Quota", "MetaData", "Catalogues"}) {
    EXPECT_TRUE(mentions(refused, "id=\"" + field + "-error\"")) << field << ": " << refused.body;
  }
  EXPECT_TRUE(mentions(refused, "<a href=\"#MetaData\">Metadata:")) << refused.body;
  EXPECT_TRUE(mentions(refused, "value=\"lots\"")) << "what was typed stays";
  owner.get("/admin/plans/new");
  refused = owner.post_fields(
      "/admin/plans/new",
      {{"Name", ""}, {"RateLimit", "100"}, {"Per", "0"}, {"Catalogues", "999999"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"Name-error\""));
  EXPECT_TRUE(mentions(refused, "id=\"Per-error\""));
  owner.get("/admin/plans/new");
  refused = owner.post_fields("/admin/plans/new", {{"Name", "gold"}, {"Catalogues", "999999"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"Catalogues-error\"")) << refused.body;
  EXPECT_EQ(audit_count(), before) << "nothing changed";
  EXPECT_EQ(admin_->get("/portal-api/plans").json()["data"].size(), 0U);

  owner.get("/admin/plans/new");
  auto created = owner.post_fields("/admin/plans/new", {{"Name", "gold"},
                                                        {"DisplayName", "Gold"},
                                                        {"RateLimit", "100"},
                                                        {"Per", "60"},
                                                        {"Quota", "10000"},
                                                        {"QuotaRenewalRate", "3600"},
                                                        {"KeyExpiresIn", "86400"},
                                                        {"AccessRequestLimit", "2"},
                                                        {"AutoApproveAccessRequests", "on"},
                                                        {"MetaData", R"({"tier": "gold"})"},
                                                        {"Catalogues", std::to_string(open)}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string page = created.header("location").value_or("");
  auto shown = owner.get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "Plan “Gold” created."));
  EXPECT_TRUE(mentions(shown, "100 requests per minute"));
  EXPECT_TRUE(mentions(shown, "Approved at once"));
  nlohmann::json stored = api_plan(page);
  EXPECT_EQ(stored["RateLimit"], 100);
  EXPECT_EQ(stored["Per"], 60);
  EXPECT_EQ(stored["KeyExpiresIn"], 86400);
  EXPECT_EQ(stored["AutoApproveAccessRequests"], true);
  EXPECT_EQ(stored["MetaData"]["tier"], "gold") << stored.dump();
  EXPECT_EQ(stored["Catalogues"].size(), 1U) << stored.dump();
  auto list = owner.get("/admin/plans");
  EXPECT_TRUE(mentions(list, "href=\"" + page + "\""));

  const long long after_create = audit_count();
  owner.get(page);
  auto bad = owner.post(page, {{"Name", "gold"}, {"QuotaRenewalRate", "soon"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(mentions(bad, "id=\"QuotaRenewalRate-error\""));
  EXPECT_EQ(audit_count(), after_create);
  EXPECT_EQ(api_plan(page)["RateLimit"], 100);

  owner.get(page);
  auto saved = owner.post_fields(page, {{"Name", "gold"},
                                        {"DisplayName", "Gold plus"},
                                        {"UnlimitedRateLimit", "on"},
                                        {"UnlimitedQuota", "on"},
                                        {"MetaData", ""}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  shown = owner.get(page);
  EXPECT_TRUE(mentions(shown, "Changes saved."));
  EXPECT_TRUE(mentions(shown, "<h1>Gold plus</h1>"));
  stored = api_plan(page);
  EXPECT_EQ(stored["UnlimitedRateLimit"], true);
  EXPECT_EQ(stored["AutoApproveAccessRequests"], false) << "an unticked box is off";
  EXPECT_EQ(stored["Catalogues"].size(), 0U);

  EXPECT_EQ(owner.get("/admin/plans/999999").status, 404);
  EXPECT_EQ(owner.get("/admin/plans/abc").status, 404);
  EXPECT_EQ(owner.post("/admin/plans/999999", {{"Name", "x"}}).status, 404);
}

// Every field at fault is named on the first response: what the page cannot read (a number that
// is none) beside what the service refuses (Name, Per, an unknown catalogue); nothing changes.
TEST_F(PlanAdminPagesTest, EveryFieldErrorShowsOnTheSameResponse) {
  Browser owner = signed_in("olive");
  const long long before = audit_count();
  owner.get("/admin/plans/new");
  auto refused = owner.post_fields("/admin/plans/new", {{"Name", ""},
                                                        {"RateLimit", "100"},
                                                        {"Per", "0"},
                                                        {"Quota", "lots"},
                                                        {"Catalogues", "999999"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  for (const std::string field : {"Name", "Per", "Quota", "Catalogues"}) {
    EXPECT_TRUE(mentions(refused, "id=\"" + field + "-error\"")) << field << ": " << refused.body;
    EXPECT_TRUE(mentions(refused, "<a href=\"#" + field + "\">")) << field << " in the summary";
  }
  EXPECT_TRUE(mentions(refused, "value=\"lots\"")) << "what was typed stays";
  EXPECT_EQ(audit_count(), before);

  owner.get("/admin/plans/new");
  auto created = owner.post_fields("/admin/plans/new", {{"Name", "silver"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string page = created.header("location").value_or("");
  owner.get(page);
  auto bad = owner.post_fields(
      page,
      {{"Name", "silver"}, {"Quota", "10"}, {"QuotaRenewalRate", "0"}, {"KeyExpiresIn", "soon"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(mentions(bad, "id=\"KeyExpiresIn-error\""));
  EXPECT_TRUE(mentions(bad, "id=\"QuotaRenewalRate-error\"")) << bad.body;
  EXPECT_EQ(api_plan(page)["Quota"], 0) << "nothing stored";

  // The confirmation step of a delete is in the Admin Portal's frame.
  auto confirm = owner.get(page + "/delete");
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_TRUE(mentions(confirm, R"(href="/admin/plans" aria-current="page")"));
  EXPECT_TRUE(mentions(confirm, "<li><a href=\"" + page + "\">silver</a></li>")) << confirm.body;
}

TEST_F(PlanAdminPagesTest, TheListPages) {
  for (int i = 0; i < 22; ++i) {
    post("/portal-api/plans", {{"Name", "plan-" + std::to_string(100 + i)}});
  }
  Browser owner = signed_in("olive");
  auto first = owner.get("/admin/plans");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(mentions(first, "All plans (22)"));
  EXPECT_TRUE(mentions(first, "href=\"/admin/plans?page=2\" rel=\"next\""));
  auto second = owner.get("/admin/plans?page=2");
  EXPECT_TRUE(mentions(second, "rel=\"prev\""));
  EXPECT_FALSE(mentions(second, "rel=\"next\""));
}

TEST_F(PlanAdminPagesTest, OnlyOwnersSeeThePlanPages) {
  const long long id = post("/portal-api/plans", {{"Name", "gold"}})["ID"];
  const std::string page = "/admin/plans/" + std::to_string(id);
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/plans/new").status, 404);
    EXPECT_EQ(consumer.get(page).status, 404);
    consumer.get("/portal/private/dashboard");
    EXPECT_EQ(consumer.post(page, {{"Name", "mine"}}).status, 404);
    EXPECT_EQ(consumer.post("/admin/plans/new", {{"Name", "mine"}}).status, 404);
  }
  EXPECT_EQ(admin_->get(std::string("/portal-api/plans/") + std::to_string(id)).json()["Name"],
            "gold");
}

}  // namespace
}  // namespace atrium::testing
