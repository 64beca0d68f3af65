// Developer apps, access requests and credentials through the Tyk-compatible admin API: shapes,
// validation that changes nothing (the audit log proves it), the review flow with its emails over
// real SMTP, keys that are never returned, and the lifecycle of an app.
#include <gtest/gtest.h>

#include <string>

#include "apps_fixture.hpp"

namespace atrium::testing {
namespace {

class AppsApiTest : public AppsFixture {
 protected:
  nlohmann::json provision(const nlohmann::json& app, long long plan, long long product,
                           int status = 200) {
    auto r = admin_->put(app_path(app) + "/provision", {{"PlanID", plan}, {"Products", {product}}});
    EXPECT_EQ(r.status, status) << r.body;
    return r.json();
  }

  std::string request_path(long long id) {
    return "/portal-api/access_requests/" + std::to_string(id);
  }
};

TEST_F(AppsApiTest, AppsInTykShapes) {
  auto app = post("/portal-api/apps",
                  {{"Name", "Payments app"},
                   {"Description", "Takes payments"},
                   {"RedirectURLs", "https://app.example/cb, http://localhost:8080/cb"},
                   {"UserID", alice_},
                   {"Visibility", "team"}});
  EXPECT_EQ(app["Name"], "Payments app");
  EXPECT_EQ(app["UserID"], alice_);
  EXPECT_EQ(app["Visibility"], "team");
  EXPECT_EQ(app["RedirectURLs"], "https://app.example/cb,http://localhost:8080/cb");
  EXPECT_EQ(app["OrganisationID"], acme_);
  EXPECT_TRUE(app["AccessRequests"].empty());
  // Default visibility: organisation.
  EXPECT_EQ(post("/portal-api/apps", {{"Name", "Other"}, {"UserID", bob_}})["Visibility"],
            "organisation");

  auto changed = admin_->put(app_path(app), {{"Description", "Takes refunds too"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["Description"], "Takes refunds too");
  EXPECT_EQ(changed.json()["Visibility"], "team");
  // Given to another user without a Visibility, an app becomes personal.
  auto given = admin_->put(app_path(app), {{"UserID", carol_}});
  ASSERT_EQ(given.status, 200) << given.body;
  EXPECT_EQ(given.json()["UserID"], carol_);
  EXPECT_EQ(given.json()["Visibility"], "personal");

  auto list = admin_->get("/portal-api/apps");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().size(), 2U);
  EXPECT_EQ(list.header("x-total-count"), "2");
  auto one_page = admin_->get("/portal-api/apps?per_page=1");
  EXPECT_EQ(one_page.json().size(), 1U);
  // Tyk's client asks for everything with p=-2.
  auto everything = admin_->get("/portal-api/apps?p=-2&per_page=1");
  ASSERT_EQ(everything.status, 200) << everything.body;
  EXPECT_EQ(everything.json().size(), 2U);

  EXPECT_EQ(admin_->del(app_path(app)).status, 200);
  EXPECT_EQ(admin_->get(app_path(app)).status, 404);
  EXPECT_EQ(admin_->get("/portal-api/apps/999999").status, 404);
}

TEST_F(AppsApiTest, BadAppInputIsRefusedNamingTheFieldAndChangesNothing) {
  auto owner = admin_->get("/portal-api/users?per_page=1").json()[0]["ID"];
  auto lonely = user("lonely", acme_, {acme_all_}, "consumer-team-member");
  auto nobody_org = user("nobody", 0, {}, "consumer-team-member");
  const long long before = audit_count();
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"Name", "X"}, {"UserID", alice_}, {"Visibility", "everyone"}}, "Visibility"},
      {{{"Name", "X"}, {"UserID", lonely}, {"Visibility", "team"}}, "Visibility"},
      {{{"Name", "X"}, {"UserID", nobody_org}, {"Visibility", "organisation"}}, "Visibility"},
      {{{"Name", "X"}, {"UserID", owner}}, "UserID"},
      {{{"Name", "X"}, {"UserID", 999999}}, "UserID"},
      {{{"Name", "X"}}, "UserID"},
      {{{"Name", ""}, {"UserID", alice_}}, "Name"},
      {{{"Name", std::string(10000, 'n')}, {"UserID", alice_}}, "Name"},
      {{{"Name", "X"}, {"UserID", alice_}, {"RedirectURLs", "javascript:alert(1)"}},
       "RedirectURLs"},
      {{{"Name", "X"}, {"UserID", alice_}, {"RedirectURLs", "/relative"}}, "RedirectURLs"},
      {{{"Name", "X"}, {"UserID", alice_}, {"Colour", "red"}}, "Colour"},
  };
  for (const Case& c : cases) {
    auto r = admin_->post("/portal-api/apps", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r.body;
    EXPECT_NE(r.body.find(c.field), std::string::npos) << c.body.dump() << " -> " << r.body;
  }
  EXPECT_TRUE(admin_->get("/portal-api/apps").json().empty());
  EXPECT_EQ(audit_count(), before);
  // A user of the Default Organisation gets a personal app by default.
  EXPECT_EQ(post("/portal-api/apps", {{"Name", "Solo"}, {"UserID", nobody_org}})["Visibility"],
            "personal");
}

TEST_F(AppsApiTest, TheReviewFlowIssuesAKeyAndTellsEveryone) {
  auto app = make_app(alice_, "Shop");
  auto created = provision(app, reviewed_plan_, product_);
  EXPECT_EQ(created["status"], "ok");
  const auto request = created["AccessRequest"];
  EXPECT_EQ(request["Status"], "pending");
  EXPECT_EQ(request["Products"], "payments");
  EXPECT_EQ(request["Plan"], "free");
  EXPECT_EQ(request["Catalogue"], "Public APIs");
  EXPECT_EQ(request["User"], "User#" + std::to_string(alice_));
  EXPECT_EQ(request["Client"], "Shop");
  EXPECT_FALSE(request["ProvisionImmediately"]);
  const long long id = request["ID"];

  // The owners hear of it.
  auto to_owner = mail_to("owner@example.com");
  ASSERT_EQ(to_owner.size(), 1U);
  EXPECT_NE(to_owner[0].subject.find("payments"), std::string::npos) << to_owner[0].subject;
  EXPECT_NE(to_owner[0].text.value_or("").find("alice@example.com"), std::string::npos);
  EXPECT_NE(to_owner[0].text.value_or("").find("/admin/access-requests"), std::string::npos);

  // The same again while it is pending: refused.
  auto duplicate = admin_->put(app_path(app) + "/provision",
                               {{"PlanID", reviewed_plan_}, {"Products", {product_}}});
  EXPECT_EQ(duplicate.status, 409) << duplicate.body;

  auto queue = admin_->get("/portal-api/access_requests?status=pending");
  ASSERT_EQ(queue.status, 200) << queue.body;
  ASSERT_EQ(queue.json().size(), 1U);
  EXPECT_EQ(queue.json()[0]["ID"], id);

  auto approved = admin_->put(request_path(id) + "/approve", nlohmann::json::object());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["AccessRequest"]["Status"], "approved");
  ASSERT_EQ(approved.json()["AccessRequest"]["Credentials"].size(), 1U);
  const auto credential = approved.json()["AccessRequest"]["Credentials"][0];
  EXPECT_EQ(credential["Credential"], "");
  EXPECT_EQ(credential["State"], "awaiting reveal");
  EXPECT_FALSE(credential["Expires"].is_null());  // the plan's KeyExpiresIn
  EXPECT_EQ(admin_->put(request_path(id) + "/approve", nlohmann::json::object()).status, 409);
  EXPECT_EQ(admin_->put(request_path(id) + "/reject", nlohmann::json::object()).status, 409);

  auto to_alice = mail_to("alice@example.com");
  ASSERT_EQ(to_alice.size(), 1U);
  EXPECT_NE(to_alice[0].subject.find("approved"), std::string::npos) << to_alice[0].subject;
  EXPECT_NE(to_alice[0].text.value_or("").find("/portal/private/apps/"), std::string::npos);

  // Credentials, through the app.
  const std::string credentials =
      app_path(app) + "/access-requests/" + std::to_string(id) + "/credentials";
  auto listed = admin_->get(credentials);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json().size(), 1U);
  const std::string one = credentials + "/" + std::to_string(credential["ID"].get<long long>());
  EXPECT_EQ(admin_->get(one).status, 200);
  auto rotated = admin_->put(one + "/rotate", nlohmann::json::object());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.json()["status"], "ok");
  EXPECT_EQ(rotated.json().dump().find("atr_"), std::string::npos);  // never a key
  EXPECT_EQ(admin_->del(one).status, 200);
  EXPECT_EQ(admin_->get(one).status, 404);
  EXPECT_EQ(admin_->put(one + "/rotate", nlohmann::json::object()).status, 404);

  // The app's view lists the request.
  auto shown = admin_->get(app_path(app));
  ASSERT_EQ(shown.json()["AccessRequests"].size(), 1U);
  EXPECT_EQ(shown.json()["AccessRequests"][0]["Status"], "approved");
  auto via_app = admin_->get(app_path(app) + "/access-requests/" + std::to_string(id));
  EXPECT_EQ(via_app.status, 200) << via_app.body;
  EXPECT_EQ(
      admin_->get(app_path(make_app(bob_, "Other")) + "/access-requests/" + std::to_string(id))
          .status,
      404);
}

TEST_F(AppsApiTest, RejectionCarriesItsReasonToTheRequester) {
  auto app = make_app(alice_, "Shop");
  const long long id = provision(app, reviewed_plan_, product_)["AccessRequest"]["ID"];
  auto rejected = admin_->put(request_path(id) + "/reject", {{"Reason", "Use the sandbox first"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["AccessRequest"]["Status"], "rejected");
  EXPECT_TRUE(rejected.json()["AccessRequest"]["Credentials"].empty());
  auto to_alice = mail_to("alice@example.com");
  ASSERT_EQ(to_alice.size(), 1U);
  EXPECT_NE(to_alice[0].text.value_or("").find("Use the sandbox first"), std::string::npos);
  // A decided request no longer blocks a new one.
  provision(app, reviewed_plan_, product_);
}

TEST_F(AppsApiTest, AutoApprovePlansApproveAtOnce) {
  auto app = make_app(alice_, "Shop");
  auto created = provision(app, instant_plan_, product_);
  EXPECT_EQ(created["AccessRequest"]["Status"], "approved");
  EXPECT_TRUE(created["AccessRequest"]["ProvisionImmediately"]);
  ASSERT_EQ(created["AccessRequest"]["Credentials"].size(), 1U);
  EXPECT_TRUE(created["AccessRequest"]["Credentials"][0]["Expires"].is_null());
  EXPECT_EQ(mail_to("alice@example.com").size(), 1U);
  EXPECT_TRUE(admin_->get("/portal-api/access_requests?status=pending").json().empty());
}

TEST_F(AppsApiTest, BadAccessRequestsAreRefusedAndChangeNothing) {
  auto app = make_app(alice_, "Shop");
  const long long before = audit_count();
  auto hidden = admin_->put(app_path(app) + "/provision",
                            {{"PlanID", reviewed_plan_}, {"Products", {secret_product_}}});
  EXPECT_EQ(hidden.status, 404) << hidden.body;  // Globex's product: not visible to alice
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"Products", {product_}}}, "PlanID"},
      {{{"PlanID", reviewed_plan_}}, "Products"},
      {{{"PlanID", 999999}, {"Products", {product_}}}, "PlanID"},
      {{{"PlanID", reviewed_plan_}, {"Products", {product_}}, {"CatalogueID", 999999}},
       "CatalogueID"},
      {{{"PlanID", "free"}, {"Products", {product_}}}, "PlanID"},
      {{{"PlanID", reviewed_plan_}, {"Products", "payments"}}, "Products"},
  };
  for (const Case& c : cases) {
    auto r = admin_->put(app_path(app) + "/provision", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r.body;
    EXPECT_NE(r.body.find(c.field), std::string::npos) << c.body.dump() << " -> " << r.body;
  }
  // A plan outside the product's catalogue.
  auto lone_plan = post("/portal-api/plans", {{"Name", "lonely"}});
  auto outside = admin_->put(app_path(app) + "/provision",
                             {{"PlanID", lone_plan["ID"]}, {"Products", {product_}}});
  EXPECT_EQ(outside.status, 400) << outside.body;
  EXPECT_NE(outside.body.find("PlanID"), std::string::npos);
  EXPECT_EQ(audit_count(), before + 1);  // the plan's creation only
  EXPECT_TRUE(admin_->get("/portal-api/access_requests").json().empty());
  EXPECT_EQ(admin_->put(request_path(999999) + "/approve", nlohmann::json::object()).status, 404);
}

TEST_F(AppsApiTest, APlanCapsTheRequestsOfOneUser) {
  auto capped = post("/portal-api/plans", {{"Name", "capped"}, {"AccessRequestLimit", 1}});
  EXPECT_EQ(capped["AccessRequestLimit"], 1);
  auto catalogues = admin_->get("/portal-api/catalogues").json();
  const long long public_id = catalogues[0]["ID"];
  auto linked = admin_->put("/portal-api/catalogues/" + std::to_string(public_id),
                            {{"Plans", {reviewed_plan_, instant_plan_, capped["ID"]}}});
  ASSERT_EQ(linked.status, 200) << linked.body;
  provision(make_app(alice_, "One"), capped["ID"], product_);
  auto second = admin_->put(app_path(make_app(alice_, "Two")) + "/provision",
                            {{"PlanID", capped["ID"]}, {"Products", {product_}}});
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_NE(second.body.find("limit"), std::string::npos);
  // Another user has their own allowance.
  provision(make_app(bob_, "Bob's"), capped["ID"], product_);
}

TEST_F(AppsApiTest, DeletingAnAppRemovesItsRequestsAndCredentials) {
  auto app = make_app(alice_, "Shop");
  const long long id = provision(app, instant_plan_, product_)["AccessRequest"]["ID"];
  EXPECT_EQ(admin_->get(request_path(id)).status, 200);
  // What an access request names stays while it does.
  auto plan_in_use = admin_->del("/portal-api/plans/" + std::to_string(instant_plan_));
  EXPECT_EQ(plan_in_use.status, 409) << plan_in_use.body;
  EXPECT_NE(plan_in_use.body.find("plan.in_use"), std::string::npos) << plan_in_use.body;
  auto product_in_use = admin_->del("/portal-api/products/" + std::to_string(product_));
  EXPECT_EQ(product_in_use.status, 409) << product_in_use.body;
  EXPECT_EQ(admin_->del(app_path(app)).status, 200);
  EXPECT_EQ(admin_->get(request_path(id)).status, 404);
  EXPECT_TRUE(admin_->get("/portal-api/access_requests").json().empty());
  // Deleting a request through /access_requests.
  auto other = make_app(bob_, "Other");
  const long long other_id = provision(other, reviewed_plan_, product_)["AccessRequest"]["ID"];
  EXPECT_EQ(admin_->del(request_path(other_id)).status, 200);
  EXPECT_EQ(admin_->get(request_path(other_id)).status, 404);
  EXPECT_TRUE(admin_->get(app_path(other)).json()["AccessRequests"].empty());
}

TEST_F(AppsApiTest, CustomCredentialsKeepOnlyAPrefixOfTheKey) {
  auto app = make_app(alice_, "Legacy");
  const std::string base = app_path(app) + "/custom_credentials";
  const std::string key = "legacy-key-0123456789abcdefghijkl";
  auto created = admin_->post(base, {{"Alias", "old gateway"},
                                     {"Type", "CREDENTIAL_TYPE_CUSTOM"},
                                     {"PlanID", reviewed_plan_},
                                     {"ProductIDs", {product_}},
                                     {"AuthTokenType", "AUTH_TOKEN_TYPE_CUSTOM"},
                                     {"CredentialKey", key}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["Alias"], "old gateway");
  EXPECT_EQ(created.json()["PlanID"], std::to_string(reviewed_plan_));
  EXPECT_EQ(created.body.find(key), std::string::npos);
  const std::string one = base + "/" + std::to_string(created.json()["ID"].get<long long>());
  EXPECT_EQ(admin_->get(base).json().size(), 1U);
  auto renamed = admin_->put(one, {{"Alias", "renamed"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["Alias"], "renamed");
  auto again = admin_->post(base, {{"CredentialKey", key}});
  EXPECT_EQ(again.status, 409) << again.body;

  const long long before = audit_count();
  for (const auto& [body, field] : std::vector<std::pair<nlohmann::json, std::string>>{
           {{{"CredentialKey", "short"}}, "CredentialKey"},
           {{{"CredentialKey", key + "x"}, {"Type", "OTHER"}}, "Type"},
           {{{"CredentialKey", key + "y"}, {"PlanID", 999999}}, "PlanID"},
           {{{"CredentialKey", key + "z"}, {"CredentialSecret", "s3cret"}}, "CredentialSecret"},
       }) {
    auto r = admin_->post(base, body);
    EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
  }
  EXPECT_EQ(audit_count(), before);
  EXPECT_EQ(admin_->del(one).status, 200);
  EXPECT_EQ(admin_->get(one).status, 404);
}

TEST_F(AppsApiTest, AppsFollowTheirOwnersLifecycle) {
  auto shop = make_app(alice_, "Shop", "team");
  auto request = provision(shop, instant_plan_, product_)["AccessRequest"];
  const std::string credentials = app_path(shop) + "/access-requests/" +
                                  std::to_string(request["ID"].get<long long>()) + "/credentials";
  EXPECT_EQ(admin_->get(credentials).json()[0]["State"], "awaiting reveal");

  // Deactivating the owner ends the app's keys; reactivating does not bring them back.
  const std::string alice = "/portal-api/users/" + std::to_string(alice_);
  ASSERT_EQ(admin_->post(alice + "/deactivate", nlohmann::json::object()).status, 200);
  EXPECT_EQ(admin_->get(credentials).json()[0]["State"], "revoked");
  ASSERT_EQ(admin_->post(alice + "/activate", nlohmann::json::object()).status, 200);
  EXPECT_EQ(admin_->get(credentials).json()[0]["State"], "revoked");

  // Deleting the organisation moves its users to the Default Organisation: their apps become
  // personal.
  auto bobs = make_app(bob_, "Bob's", "organisation");
  ASSERT_EQ(admin_->del("/portal-api/organisations/" + std::to_string(acme_)).status, 200);
  EXPECT_EQ(admin_->get(app_path(bobs)).json()["Visibility"], "personal");
  EXPECT_EQ(admin_->get(app_path(shop)).json()["Visibility"], "personal");

  // Deleting the owner deletes their apps with their requests and keys.
  ASSERT_EQ(admin_->del(alice).status, 200);
  EXPECT_EQ(admin_->get(app_path(shop)).status, 404);
  EXPECT_EQ(admin_->get(request_path(request["ID"])).status, 404);
  EXPECT_EQ(admin_->get(app_path(bobs)).status, 200);
}

}  // namespace
}  // namespace atrium::testing
