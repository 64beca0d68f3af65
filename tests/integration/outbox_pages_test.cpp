// The Admin Portal's outbox: every email with its status, attempts and last error; while no
// relay is configured, a message's text and its links, which work when passed on; owners only.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class OutboxPagesTest : public AdminPortalTest {
 protected:
  // Creates an invitee (no password): an invitation email waits in the outbox. Its message ID.
  long long invite(const std::string& name) {
    post("/portal-api/users", {{"Email", name + "@example.com"},
                               {"First", name},
                               {"Last", "Invited"},
                               {"OrganisationID", acme_}});
    auto list = admin_->get("/portal-api/outbox?to=" + name + "@example.com").json();
    EXPECT_EQ(list.size(), 1U) << list.dump();
    return list.empty() ? 0 : list[0]["ID"].get<long long>();
  }
};

TEST_F(OutboxPagesTest, WithoutARelayAnOwnerReadsTheMessageAndPassesItsLinkOn) {
  const long long id = invite("ivy");
  Browser olive = signed_in("olive");
  auto list = olive.get("/admin/outbox");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(mentions(list, R"(href="/admin/outbox" aria-current="page")"));
  EXPECT_TRUE(mentions(list, "No mail relay is configured, so emails wait here."));
  EXPECT_TRUE(mentions(list, "<td>ivy@example.com</td>"));
  EXPECT_TRUE(mentions(list, "<td>Queued</td>"));
  EXPECT_TRUE(mentions(list, "<td>0</td>")) << "attempts";

  const std::string page = "/admin/outbox/" + std::to_string(id);
  auto message = olive.get(page);
  ASSERT_EQ(message.status, 200) << message.body;
  EXPECT_TRUE(mentions(message, "Pass it on"));
  EXPECT_TRUE(mentions(message, R"(<pre class="message-text">)"));
  const auto at = message.body.find(R"(id="link-1")");
  ASSERT_NE(at, std::string::npos) << message.body;
  const auto value = message.body.find("value=\"", at) + 7;
  const std::string link = message.body.substr(value, message.body.find('"', value) - value);
  EXPECT_NE(link.find("/auth/password/register?token="), std::string::npos) << link;
  EXPECT_TRUE(mentions(message, R"(data-copy="link-1" hidden>Copy link</button>)"));
  EXPECT_FALSE(mentions(message, R"(id="link-2")")) << "the portal's home address is no link";

  // The link works as in the email.
  Browser ivy(portal_->client());
  auto opened = ivy.get(link.substr(link.find("/auth/")));
  EXPECT_EQ(opened.status, 200) << opened.body;
  EXPECT_TRUE(mentions(opened, "password")) << opened.body;
}

TEST_F(OutboxPagesTest, TheListFiltersAndRefusesBadFilters) {
  invite("ivy");
  invite("jon");
  Browser olive = signed_in("olive");
  auto to = olive.get("/admin/outbox?to=jon%40example.com");
  EXPECT_TRUE(mentions(to, "<td>jon@example.com</td>"));
  EXPECT_FALSE(mentions(to, "<td>ivy@example.com</td>"));
  auto sent = olive.get("/admin/outbox?status=sent");
  EXPECT_TRUE(mentions(sent, "No emails match."));
  EXPECT_TRUE(mentions(sent, R"(<option value="sent" selected>)"));
  auto bad = olive.get("/admin/outbox?status=lost&to=" + std::string(300, 'x'));
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(mentions(bad, "Status: must be queued, sent, failed or abandoned")) << bad.body;
  EXPECT_TRUE(mentions(bad, "Recipient: must be at most 254 characters"));
  EXPECT_TRUE(mentions(bad, R"(<p class="field-error" id="status-error">)")) << "beside the field";
  for (const std::string path : {"/admin/outbox/999999", "/admin/outbox/abc", "/admin/outbox/0"}) {
    EXPECT_EQ(olive.get(path).status, 404) << path;
  }
}

TEST_F(OutboxPagesTest, WithARelayTheTextIsNotShown) {
  const long long id = invite("ivy");
  auto put = admin_->put("/portal-api/settings", {{"EmailSMTPHost", "127.0.0.1"},
                                                  {"EmailSMTPPort", 1},
                                                  {"EmailDefaultFrom", "portal@example.com"}});
  ASSERT_EQ(put.status, 200) << put.body;
  Browser olive = signed_in("olive");
  auto list = olive.get("/admin/outbox");
  EXPECT_FALSE(mentions(list, "No mail relay is configured"));
  auto message = olive.get("/admin/outbox/" + std::to_string(id));
  ASSERT_EQ(message.status, 200);
  EXPECT_FALSE(mentions(message, "token="));
  EXPECT_FALSE(mentions(message, "Pass it on"));
}

TEST_F(OutboxPagesTest, AFailedAttemptShowsItsErrorAndTheNextAttempt) {
  const long long id = invite("ivy");
  ASSERT_EQ(admin_
                ->put("/portal-api/settings", {{"EmailSMTPHost", "127.0.0.1"},
                                               {"EmailSMTPPort", 1},
                                               {"EmailDefaultFrom", "portal@example.com"}})
                .status,
            200);
  // The dispatcher polls (2 s by default): wait for its first attempt, which the closed port fails.
  // The attempt is counted when the message is claimed, before the relay answers: wait for the
  // outcome, not the count (under TSan the two are seconds apart).
  nlohmann::json m;
  for (int i = 0; i < 200; ++i) {
    m = admin_->get("/portal-api/outbox/" + std::to_string(id)).json();
    if (m["Status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(m["Status"], "failed") << m.dump();
  const std::string error = m["LastError"];
  ASSERT_FALSE(error.empty());
  Browser olive = signed_in("olive");
  auto list = olive.get("/admin/outbox?status=failed");
  EXPECT_TRUE(mentions(list, "<td>Failed, will retry</td>")) << list.body;
  EXPECT_TRUE(mentions(list, "<td>1</td>")) << "attempts";
  auto page = olive.get("/admin/outbox/" + std::to_string(id));
  EXPECT_TRUE(mentions(page, "<dt>Next attempt</dt>")) << page.body;
  EXPECT_TRUE(mentions(page, "<dt>Attempts</dt><dd>1</dd>"));
  EXPECT_FALSE(mentions(page, "<dt>Last error</dt><dd>None</dd>")) << "the error shows";
  EXPECT_FALSE(mentions(list, "<td>None</td>")) << "the error shows";
}

TEST_F(OutboxPagesTest, ConsumersGetTheNotFoundPage) {
  const long long id = invite("ivy");
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/outbox").status, 404) << name;
    auto message = consumer.get("/admin/outbox/" + std::to_string(id));
    EXPECT_EQ(message.status, 404) << name;
    EXPECT_FALSE(mentions(message, "token="));
  }
}

}  // namespace
}  // namespace atrium::testing
