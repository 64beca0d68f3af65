// The Admin Portal's pending invitations: listed (filtered by organisation, paged) with when the
// link was sent and expires, resent (a new link, the old one void), revoked after confirming
// (the invitee is deleted); unknown ids are the 404 page; owners only.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class InvitationAdminPagesTest : public AdminPortalTest {
 protected:
  // An owner-created user without a password (invited); `org` 0: the Default Organisation.
  long long invitee(const std::string& name, long long org) {
    nlohmann::json body = {{"Email", name + "@example.com"}, {"First", name}, {"Last", "Invited"}};
    if (org != 0) body["OrganisationID"] = org;
    return post("/portal-api/users", body)["ID"];
  }
  nlohmann::json invitations() { return admin_->get("/portal-api/invitations").json(); }
  std::string first_id() { return invitations()[0]["ID"].dump(); }
  long long outbox_count(const std::string& to) {
    return static_cast<long long>(admin_->get("/portal-api/outbox?to=" + to).json().size());
  }
};

// The search of the users list: the invitee's email, first or last name starts with it
// (case-insensitive), with the organisation filter and in the pager's links; over 100
// characters is a 400 naming the field.
TEST_F(InvitationAdminPagesTest, AnOwnerSearchesInvitationsByEmail) {
  Browser olive = signed_in("olive");
  invitee("ivy", acme_);
  invitee("ivan", 0);
  invitee("jon", 0);
  auto iv = olive.get("/admin/invitations?search=IV");
  ASSERT_EQ(iv.status, 200) << iv.body;
  EXPECT_TRUE(mentions(iv, "2 matching pending invitation(s)")) << iv.body;
  EXPECT_TRUE(mentions(iv, "<td>ivy@example.com</td>"));
  EXPECT_TRUE(mentions(iv, "<td>ivan@example.com</td>"));
  EXPECT_FALSE(mentions(iv, "<td>jon@example.com</td>"));
  EXPECT_TRUE(mentions(iv, R"(name="search" type="search" autocomplete="off" value="IV")"));
  auto in_acme = olive.get("/admin/invitations?search=iv&organisation=" + std::to_string(acme_));
  EXPECT_TRUE(mentions(in_acme, "1 matching pending invitation(s)")) << in_acme.body;
  EXPECT_TRUE(mentions(in_acme, "<td>ivy@example.com</td>"));
  auto by_address = olive.get("/admin/invitations?search=jon%40example.com");
  EXPECT_TRUE(mentions(by_address, "1 matching pending invitation(s)"));
  auto none = olive.get("/admin/invitations?search=zed");
  EXPECT_TRUE(mentions(none, "No pending invitation matches these filters."));
  auto too_long = olive.get("/admin/invitations?search=" + std::string(101, 'a'));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(mentions(too_long, "id=\"search-error\"")) << too_long.body;
  EXPECT_TRUE(mentions(too_long, "<a href=\"#search\">Name or email starts with:"))
      << too_long.body;
  EXPECT_TRUE(mentions(too_long, "<td>jon@example.com</td>")) << "the unfiltered list";
  // The pager keeps the search.
  for (int i = 0; i < 21; ++i) invitee("iris" + std::to_string(i), 0);
  auto first = olive.get("/admin/invitations?search=iris");
  EXPECT_TRUE(mentions(first, "21 matching pending invitation(s)"));
  EXPECT_TRUE(mentions(first, "href=\"/admin/invitations?search=iris&amp;page=2\"")) << first.body;
}

// The confirmation step is a page of the Admin Portal: its side navigation and breadcrumbs.
TEST_F(InvitationAdminPagesTest, TheRevokeConfirmationIsInTheAdminFrame) {
  Browser olive = signed_in("olive");
  invitee("ivy", acme_);
  auto confirm = olive.get("/admin/invitations/" + first_id() + "/revoke");
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_TRUE(mentions(confirm, R"(href="/admin/invitations" aria-current="page")"));
  EXPECT_TRUE(mentions(confirm, R"(<li><a href="/admin/invitations">Invitations</a></li>)"))
      << confirm.body;
  EXPECT_TRUE(mentions(confirm, R"(<span aria-current="page">Revoke the invitation of)"));
}

TEST_F(InvitationAdminPagesTest, AnOwnerSeesFiltersResendsAndRevokesInvitations) {
  Browser olive = signed_in("olive");
  auto empty = olive.get("/admin/invitations");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(mentions(empty, R"(href="/admin/invitations" aria-current="page")"));
  EXPECT_TRUE(mentions(empty, "No invitations are pending."));
  EXPECT_TRUE(mentions(empty, "<a href=\"/admin\">Admin</a>")) << "breadcrumbs";

  const long long ivy = invitee("ivy", acme_);
  invitee("jon", 0);
  auto list = olive.get("/admin/invitations");
  EXPECT_TRUE(mentions(list, "2 pending invitation(s)")) << list.body;
  EXPECT_TRUE(mentions(list, "<td>ivy@example.com</td>"));
  EXPECT_TRUE(mentions(list, "<td>jon@example.com</td>"));
  EXPECT_TRUE(mentions(list, "<td>Acme</td>"));
  EXPECT_TRUE(mentions(list, "<td>Default Organisation</td>"));
  EXPECT_TRUE(mentions(list, R"(<span class="status">Invited</span>)"));
  EXPECT_TRUE(mentions(list, "href=\"/admin/users/" + std::to_string(ivy) + "\""));
  EXPECT_TRUE(mentions(list, "<time datetime=\""));

  auto acme = olive.get("/admin/invitations?organisation=" + std::to_string(acme_));
  EXPECT_TRUE(mentions(acme, "1 matching pending invitation(s)")) << acme.body;
  EXPECT_TRUE(mentions(acme, "<td>ivy@example.com</td>"));
  EXPECT_FALSE(mentions(acme, "<td>jon@example.com</td>"));
  EXPECT_TRUE(mentions(acme, "<option value=\"" + std::to_string(acme_) + "\" selected>Acme"));
  auto none = olive.get("/admin/invitations?organisation=999999");
  EXPECT_TRUE(mentions(none, "No invitation of this organisation is pending."));
  EXPECT_EQ(olive.get("/admin/invitations?organisation=abc").status, 200) << "no filter";

  // Resend: a second message, the old link void; the flash does not claim it was emailed.
  std::string id;
  for (const auto& i : invitations()) {
    if (i["Email"] == "ivy@example.com") id = i["ID"].dump();
  }
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(outbox_count("ivy@example.com"), 1);
  olive.get("/admin/invitations");
  auto resent = olive.post("/admin/invitations/" + id + "/resend", {});
  ASSERT_EQ(resent.status, 303) << resent.body;
  EXPECT_EQ(resent.header("location"), "/admin/invitations");
  auto after = olive.get("/admin/invitations");
  EXPECT_TRUE(mentions(after, "A new invitation link was made for ivy@example.com"));
  EXPECT_TRUE(mentions(after, "is queued; no mail relay is configured")) << after.body;
  EXPECT_FALSE(mentions(olive.get("/admin/invitations"), "A new invitation link")) << "shown once";
  EXPECT_EQ(outbox_count("ivy@example.com"), 2);

  // Revoke: the confirmation step changes nothing; then the invitee is gone.
  auto confirm = olive.get("/admin/invitations/" + id + "/revoke");
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_TRUE(mentions(confirm, "Revoke the invitation of ivy@example.com?"));
  EXPECT_EQ(invitations().size(), 2U);
  auto revoked = olive.post("/admin/invitations/" + id + "/revoke", {});
  ASSERT_EQ(revoked.status, 303) << revoked.body;
  EXPECT_TRUE(mentions(olive.get("/admin/invitations"),
                       "Invitation of ivy@example.com revoked; its link no longer works."));
  EXPECT_EQ(invitations().size(), 1U);
  EXPECT_EQ(admin_->get("/portal-api/users/" + std::to_string(ivy)).status, 404);
  EXPECT_EQ(olive.get("/admin/invitations/" + id + "/revoke").status, 404);
}

TEST_F(InvitationAdminPagesTest, AnExpiredLinkSaysSo) {
  invitee("ivy", acme_);
  portal_->clock().advance(std::chrono::hours(24 * 8));  // the default lifetime is 7 days
  Browser olive = signed_in("olive");
  auto list = olive.get("/admin/invitations");
  EXPECT_TRUE(mentions(list, R"(<span class="status">Link expired</span>)")) << list.body;
}

TEST_F(InvitationAdminPagesTest, TheListPagesTwentyAtATime) {
  for (int i = 0; i < 21; ++i) invitee("user" + std::to_string(i), acme_);
  Browser olive = signed_in("olive");
  const std::string org = std::to_string(acme_);
  auto first = olive.get("/admin/invitations?organisation=" + org);
  EXPECT_TRUE(mentions(first, "21 matching pending invitation(s)"));
  EXPECT_TRUE(mentions(
      first, "href=\"/admin/invitations?organisation=" + org + "&amp;page=2\" rel=\"next\""))
      << first.body;
  auto second = olive.get("/admin/invitations?organisation=" + org + "&page=2");
  EXPECT_TRUE(mentions(second, "rel=\"prev\""));
  EXPECT_FALSE(mentions(second, "rel=\"next\""));
}

TEST_F(InvitationAdminPagesTest, UnknownIdsAndForgedPostsChangeNothing) {
  invitee("ivy", acme_);
  const std::string id = first_id();
  Browser olive = signed_in("olive");
  for (const std::string path : {"/admin/invitations/999999/revoke",
                                 "/admin/invitations/abc/revoke", "/admin/invitations/0/revoke"}) {
    EXPECT_EQ(olive.get(path).status, 404) << path;
  }
  olive.get("/admin/invitations");
  EXPECT_EQ(olive.post("/admin/invitations/999999/resend", {}).status, 404);
  EXPECT_EQ(olive.post("/admin/invitations/999999/revoke", {}).status, 404);
  EXPECT_EQ(olive.post("/admin/invitations/" + id + "/revoke", {}, false).status, 403)
      << "no CSRF token";
  EXPECT_EQ(olive.post("/admin/invitations/" + id + "/resend", {}, false).status, 403);
  EXPECT_EQ(invitations().size(), 1U);
  EXPECT_EQ(outbox_count("ivy@example.com"), 1);
}

TEST_F(InvitationAdminPagesTest, ConsumersGetTheNotFoundPageAndChangeNothing) {
  invitee("ivy", acme_);
  const std::string id = first_id();
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/invitations").status, 404) << name;
    EXPECT_EQ(consumer.get("/admin/invitations/" + id + "/revoke").status, 404) << name;
    consumer.get("/portal/private/dashboard");
    EXPECT_EQ(consumer.post("/admin/invitations/" + id + "/resend", {}).status, 404) << name;
    EXPECT_EQ(consumer.post("/admin/invitations/" + id + "/revoke", {}).status, 404) << name;
  }
  EXPECT_EQ(invitations().size(), 1U);
  EXPECT_EQ(outbox_count("ivy@example.com"), 1);
}

}  // namespace
}  // namespace atrium::testing
