#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "admin_client.hpp"
#include "browser.hpp"
#include "test_portal.hpp"

namespace atrium::testing {

inline constexpr const char* kAdminPortalPassword = "a good long passphrase";

inline bool mentions(const HttpResult& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// The Admin Portal's tests: an owner (olive), and in Acme's team Red a team member (alice) and a
// consumer-admin (dave), all with kAdminPortalPassword; admin_ speaks the API as the bootstrap
// owner.
class AdminPortalTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
    acme_ = post("/portal-api/organisations", {{"Name", "Acme"}})["ID"];
    red_ = post("/portal-api/organisations/" + std::to_string(acme_) + "/teams",
                {{"Name", "Red"}})["ID"];
    olive_ = user("olive", "super-admin", 0);
    alice_ = user("alice", "consumer-team-member", acme_);
    dave_ = user("dave", "consumer-admin", acme_);
  }

  nlohmann::json post(const std::string& path, const nlohmann::json& body) {
    auto r = admin_->post(path, body);
    EXPECT_TRUE(r.status == 200 || r.status == 201) << path << ": " << r.status << " " << r.body;
    return r.json();
  }

  long long user(const std::string& name, const std::string& role, long long org) {
    nlohmann::json body = {{"Email", name + "@example.com"},
                           {"First", name},
                           {"Last", "Tester"},
                           {"Password", kAdminPortalPassword},
                           {"Role", role}};
    if (org != 0) {
      body["OrganisationID"] = org;
      body["Teams"] = {red_};
    }
    return post("/portal-api/users", body)["ID"];
  }

  Browser signed_in(const std::string& name) {
    Browser b(portal_->client());
    auto r = b.login(name + "@example.com", kAdminPortalPassword);
    EXPECT_EQ(r.status, 303) << r.body;
    return b;
  }

  // How many audit events there are (each change writes one).
  long long audit_count() {
    auto r = admin_->get("/portal-api/audit-events?per_page=1");
    return std::stoll(r.header("x-total-count").value_or("-1"));
  }

  std::unique_ptr<AdminClient> admin_;
  long long acme_ = 0, red_ = 0, olive_ = 0, alice_ = 0, dave_ = 0;
};

}  // namespace atrium::testing
