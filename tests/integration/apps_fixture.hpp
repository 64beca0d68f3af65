#pragma once

// A portal with an SMTP sink and the cast of the apps tests: organisation Acme with teams Red and
// Blue, Globex, users in each, a public catalogue with a product and two plans (one reviewed, one
// auto-approved), and a private catalogue for Globex only.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "admin_client.hpp"
#include "browser.hpp"
#include "support/smtp_sink.hpp"
#include "test_portal.hpp"

namespace atrium::testing {

inline constexpr const char* kAppsPassword = "a good long passphrase";

class AppsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>();
    if (!db_->available()) GTEST_SKIP() << "PostgreSQL not available";
    portal_ = std::make_unique<TestPortal>(
        *db_, app::EnvVars{{"PORTAL_OUTBOX_POLLINTERVAL", "50ms"},
                           {"PORTAL_SMTP_HOST", "127.0.0.1"},
                           {"PORTAL_SMTP_PORT", std::to_string(sink_.port())},
                           {"PORTAL_EMAIL_FROM", "portal@acme.example"}});
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
    auto acme = post("/portal-api/organisations", {{"Name", "Acme"}});
    acme_ = acme["ID"];
    acme_all_ = acme["Teams"][0]["ID"];
    red_ = post("/portal-api/organisations/" + std::to_string(acme_) + "/teams",
                {{"Name", "Red"}})["ID"];
    blue_ = post("/portal-api/organisations/" + std::to_string(acme_) + "/teams",
                 {{"Name", "Blue"}})["ID"];
    auto globex = post("/portal-api/organisations", {{"Name", "Globex"}});
    globex_ = globex["ID"];
    alice_ = user("alice", acme_, {red_}, "consumer-team-member");
    bob_ = user("bob", acme_, {red_}, "consumer-team-member");
    carol_ = user("carol", acme_, {blue_}, "consumer-team-member");
    dave_ = user("dave", acme_, {red_, blue_}, "consumer-admin");
    erin_ = user("erin", globex_, {}, "consumer-admin");
    make_catalogue();
  }

  void make_catalogue() {
    reviewed_plan_ = post("/portal-api/plans", {{"Name", "free"}, {"KeyExpiresIn", 3600}})["ID"];
    instant_plan_ =
        post("/portal-api/plans", {{"Name", "instant"}, {"AutoApproveAccessRequests", true}})["ID"];
    product_ = post("/portal-api/products", {{"Name", "payments"}}, 201)["ID"];
    secret_product_ = post("/portal-api/products", {{"Name", "ledger"}}, 201)["ID"];
    post("/portal-api/catalogues", {{"Name", "Public APIs"},
                                    {"VisibilityStatus", "Public"},
                                    {"Products", {product_}},
                                    {"Plans", {reviewed_plan_, instant_plan_}}});
    post("/portal-api/catalogues", {{"Name", "Globex only"},
                                    {"VisibilityStatus", "Private"},
                                    {"Products", {secret_product_}},
                                    {"Plans", {reviewed_plan_}},
                                    {"OrgCatalogues", {{{"OrganisationID", globex_}}}}});
  }

  nlohmann::json post(const std::string& path, const nlohmann::json& body, int status = 200) {
    auto r = admin_->post(path, body);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    return r.json();
  }

  long long user(const std::string& name, long long org, const std::vector<long long>& teams,
                 const std::string& role) {
    nlohmann::json body = {
        {"Email", name + "@example.com"}, {"First", name}, {"Last", "Tester"},
        {"Password", kAppsPassword},      {"Role", role},  {"OrganisationID", org}};
    if (!teams.empty()) body["Teams"] = teams;
    return post("/portal-api/users", body)["ID"];
  }

  nlohmann::json make_app(long long owner, const std::string& name,
                          const std::string& visibility = "organisation") {
    return post("/portal-api/apps",
                {{"Name", name}, {"UserID", owner}, {"Visibility", visibility}});
  }

  std::string app_path(const nlohmann::json& app) {
    return "/portal-api/apps/" + std::to_string(app["ID"].get<long long>());
  }

  long long audit_count() {
    auto r = admin_->get("/portal-api/audit-events?per_page=1");
    return std::stoll(r.header("x-total-count").value_or("-1"));
  }

  Browser signed_in(const std::string& name) {
    Browser b(portal_->client());
    auto r = b.login(name + "@example.com", kAppsPassword);
    EXPECT_EQ(r.status, 303) << r.body;
    return b;
  }

  // The messages to `to` once there are `count` of them (or after 10 s).
  std::vector<ReceivedEmail> mail_to(const std::string& to, std::size_t count = 1) {
    return sink_.wait_for_messages_to(to, count);
  }

  SmtpSink sink_;
  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TestPortal> portal_;
  std::unique_ptr<AdminClient> admin_;
  long long acme_ = 0, acme_all_ = 0, red_ = 0, blue_ = 0, globex_ = 0;
  long long alice_ = 0, bob_ = 0, carol_ = 0, dave_ = 0, erin_ = 0;
  long long reviewed_plan_ = 0, instant_plan_ = 0, product_ = 0, secret_product_ = 0;
};

}  // namespace atrium::testing
