// The Admin Portal's invite codes: created for a team (quota, expiry, active), listed with
// used/quota, the shareable link (a read-only field, a Copy button for script), activate and
// deactivate, delete after confirming; refusals name the field and create nothing; owners only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class InviteCodePagesTest : public AdminPortalTest {
 protected:
  nlohmann::json codes() { return admin_->get("/portal-api/invite-codes").json(); }
  // The code whose page a create answer's Location names.
  nlohmann::json created(const HttpResult& r) {
    const std::string location = r.header("location").value_or("");
    return admin_->get("/portal-api/invite-codes/" + location.substr(location.rfind('/') + 1))
        .json();
  }
};

TEST_F(InviteCodePagesTest, AnOwnerCreatesSharesDeactivatesAndDeletesACode) {
  Browser olive = signed_in("olive");
  auto empty = olive.get("/admin/invite-codes");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(mentions(empty, R"(href="/admin/invite-codes" aria-current="page")"));
  EXPECT_TRUE(mentions(empty, "No invite codes yet."));
  EXPECT_TRUE(mentions(empty, R"(<optgroup label="Acme">)"));
  EXPECT_TRUE(mentions(empty, "<option value=\"" + std::to_string(red_) + "\">Red</option>"));

  auto made = olive.post("/admin/invite-codes", {{"TeamID", std::to_string(red_)},
                                                 {"Quota", "5"},
                                                 {"Expires", "2030-01-31"},
                                                 {"Active", "on"}});
  ASSERT_EQ(made.status, 303) << made.body;
  const auto code = created(made);
  EXPECT_EQ(code["Quota"], 5);
  EXPECT_EQ(code["TeamID"], red_);
  EXPECT_EQ(code["OrganisationID"], acme_);
  EXPECT_EQ(code["Active"], true);
  EXPECT_EQ(code["Expires"], "2030-01-31T00:00:00Z");
  const std::string secret = code["Code"];
  const std::string page = *made.header("location");

  auto shown = olive.get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "Invite code created. Share its registration link."));
  EXPECT_TRUE(mentions(shown, "Acme › Red"));
  EXPECT_TRUE(mentions(shown, "0 of 5"));
  // The link works without script: a read-only field; the Copy button is for the script to show.
  EXPECT_TRUE(
      mentions(shown, R"(<input id="invite-link" class="copy-field" type="text" readonly)"));
  EXPECT_TRUE(mentions(shown, "/auth/password/register?InviteCode=" + secret + "\""));
  EXPECT_TRUE(mentions(shown, R"(data-copy="invite-link" hidden>Copy link</button>)"));
  EXPECT_TRUE(mentions(shown, R"(<script src="/static/atrium.js" defer></script>)"));
  auto script = portal_->client().get("/static/atrium.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_TRUE(mentions(script, "navigator.clipboard.writeText"));
  EXPECT_TRUE(shown.header("content-security-policy")->find("script-src 'self'") !=
              std::string::npos);

  // The link opens the registration form with the code filled in.
  Browser visitor(portal_->client());
  auto form = visitor.get("/auth/password/register?InviteCode=" + secret);
  EXPECT_TRUE(mentions(form, "value=\"" + secret + "\"")) << form.body;

  auto list = olive.get("/admin/invite-codes");
  EXPECT_TRUE(mentions(list, "<td>0 of 5</td>"));
  EXPECT_TRUE(mentions(list, "<td>Active</td>"));

  olive.get(page);
  EXPECT_EQ(olive.post(page + "/deactivate", {}).status, 303);
  EXPECT_TRUE(mentions(olive.get(page), "The code is inactive"));
  EXPECT_EQ(codes()[0]["Active"], false);
  EXPECT_TRUE(mentions(olive.get("/admin/invite-codes"), "<td>Inactive</td>"));
  olive.get(page);
  EXPECT_EQ(olive.post(page + "/activate", {}).status, 303);
  EXPECT_EQ(codes()[0]["Active"], true);

  auto confirm = olive.get(page + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the invite code?"));
  EXPECT_EQ(codes().size(), 1U) << "asking changes nothing";
  auto deleted = olive.post(page + "/delete", {});
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(deleted.header("location"), "/admin/invite-codes");
  EXPECT_TRUE(mentions(olive.get("/admin/invite-codes"), "Invite code deleted."));
  EXPECT_EQ(codes().size(), 0U);
  EXPECT_EQ(olive.get(page).status, 404);
}

TEST_F(InviteCodePagesTest, UsedQuotaAndExpiryShowInTheList) {
  auto code = admin_->post("/portal-api/invite-codes",
                           {{"TeamID", red_}, {"Quota", 1}, {"Expires", "2020-01-01T00:00:00Z"}});
  ASSERT_EQ(code.status, 200) << code.body;
  Browser olive = signed_in("olive");
  auto list = olive.get("/admin/invite-codes");
  EXPECT_TRUE(mentions(list, "<td>Expired</td>")) << list.body;
  EXPECT_TRUE(mentions(list, "1 Jan 2020"));
}

TEST_F(InviteCodePagesTest, BadInputIsRefusedBesideTheFieldAndCreatesNothing) {
  Browser olive = signed_in("olive");
  olive.get("/admin/invite-codes");
  auto none = olive.post("/admin/invite-codes", {{"Quota", ""}});
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(mentions(none, R"(<a href="#TeamID">Team: is required</a>)")) << none.body;
  EXPECT_TRUE(mentions(none, R"(<a href="#Quota">Quota: is required</a>)"));
  const std::string red = std::to_string(red_);
  for (const std::string& quota :
       std::vector<std::string>{"0", "-3", "abc", "1000001", std::string(10000, '9')}) {
    auto bad = olive.post("/admin/invite-codes", {{"TeamID", red}, {"Quota", quota}});
    EXPECT_EQ(bad.status, 400) << quota;
    EXPECT_TRUE(mentions(bad, R"(id="Quota-error")")) << quota;
    EXPECT_TRUE(mentions(bad, "<option value=\"" + red + "\" selected>"))
        << "the team stays chosen";
  }
  auto date = olive.post("/admin/invite-codes",
                         {{"TeamID", red}, {"Quota", "2"}, {"Expires", "31/01/2030"}});
  EXPECT_EQ(date.status, 400);
  EXPECT_TRUE(mentions(date, "Expires: must be a date such as 2027-01-31")) << date.body;
  EXPECT_TRUE(mentions(date, R"(value="31/01/2030")"));
  auto team = olive.post("/admin/invite-codes", {{"TeamID", "999999"}, {"Quota", "2"}});
  EXPECT_EQ(team.status, 400);
  EXPECT_TRUE(mentions(team, R"(id="TeamID-error")")) << team.body;
  auto crafted = olive.post("/admin/invite-codes", {{"TeamID", "x"}, {"Quota", "2"}});
  EXPECT_EQ(crafted.status, 400);
  EXPECT_EQ(codes().size(), 0U);

  for (const std::string path : {"/admin/invite-codes/999999", "/admin/invite-codes/abc",
                                 "/admin/invite-codes/999999/delete"}) {
    EXPECT_EQ(olive.get(path).status, 404) << path;
  }
  EXPECT_EQ(olive.post("/admin/invite-codes/999999/deactivate", {}).status, 404);
  EXPECT_EQ(olive.post("/admin/invite-codes/999999/delete", {}).status, 404);
  EXPECT_EQ(olive.post("/admin/invite-codes", {{"TeamID", red}, {"Quota", "2"}}, false).status, 403)
      << "no CSRF token";
  EXPECT_EQ(codes().size(), 0U);
}

TEST_F(InviteCodePagesTest, ConsumersGetTheNotFoundPageAndChangeNothing) {
  auto code = admin_->post("/portal-api/invite-codes", {{"TeamID", red_}, {"Quota", 3}}).json();
  const std::string page = "/admin/invite-codes/" + code["ID"].dump();
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/invite-codes").status, 404) << name;
    EXPECT_EQ(consumer.get(page).status, 404) << name;
    EXPECT_FALSE(mentions(consumer.get(page), code["Code"].get<std::string>()));
    consumer.get("/portal/private/dashboard");
    EXPECT_EQ(
        consumer.post("/admin/invite-codes", {{"TeamID", std::to_string(red_)}, {"Quota", "100"}})
            .status,
        404);
    EXPECT_EQ(consumer.post(page + "/deactivate", {}).status, 404);
    EXPECT_EQ(consumer.post(page + "/delete", {}).status, 404);
  }
  EXPECT_EQ(codes().size(), 1U);
  EXPECT_EQ(codes()[0]["Active"], true);
}

}  // namespace
}  // namespace atrium::testing
