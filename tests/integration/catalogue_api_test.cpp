// Catalogues, audiences, plans, products (APIs, tags) and providers through the Tyk-compatible
// admin API: shapes, validation that changes nothing, and the audit log.
#include <gtest/gtest.h>

#include <string>

#include "admin_client.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

class CatalogueApiTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
  }

  AdminClient& admin() { return *admin_; }

  nlohmann::json created(const std::string& path, const nlohmann::json& body, int status = 200) {
    auto r = admin().post(path, body);
    EXPECT_EQ(r.status, status) << r.body;
    return r.json();
  }

  long long audit_count() {
    auto r = admin().get("/portal-api/audit-events?per_page=1");
    return std::stoll(r.header("x-total-count").value_or("-1"));
  }

  std::string id_path(const std::string& base, const nlohmann::json& record) {
    return base + "/" + std::to_string(record["ID"].get<long long>());
  }

  std::unique_ptr<AdminClient> admin_;
};

TEST_F(CatalogueApiTest, TheBuiltInProviderIsListed) {
  auto providers = admin().get("/portal-api/providers");
  ASSERT_EQ(providers.status, 200) << providers.body;
  ASSERT_EQ(providers.json().size(), 1U);
  EXPECT_EQ(providers.json()[0]["Name"], "Atrium");
  EXPECT_EQ(providers.json()[0]["Status"], "Up");
  auto one = admin().get(id_path("/portal-api/providers", providers.json()[0]));
  EXPECT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(admin().get("/portal-api/providers/999").status, 404);
}

TEST_F(CatalogueApiTest, CatalogueLifecycleWithAudiencesAndContent) {
  auto org = created("/portal-api/organisations", {{"Name", "Acme"}});
  const long long org_id = org["ID"];
  const long long team_id = org["Teams"][0]["ID"];
  auto plan = created("/portal-api/plans", {{"Name", "free"}, {"RateLimit", 5}, {"Per", 10.0}});
  auto product = created("/portal-api/products", {{"Name", "payments"}}, 201);

  auto catalogue = created("/portal-api/catalogues",
                           {{"Name", "Partner APIs"},
                            {"VisibilityStatus", "Private"},
                            {"Products", {product["ID"]}},
                            {"Plans", {plan["ID"]}},
                            {"OrgCatalogs", {{{"OrganizationID", org_id}, {"TeamID", team_id}}}}});
  EXPECT_EQ(catalogue["NameWithSlug"], "partner-apis");
  EXPECT_EQ(catalogue["Products"], nlohmann::json::array({"payments"}));
  EXPECT_EQ(catalogue["Plans"], nlohmann::json::array({"free"}));
  ASSERT_EQ(catalogue["OrgCatalogues"].size(), 1U);
  EXPECT_EQ(catalogue["OrgCatalogues"][0]["Organisation"], "Acme");
  const std::string path = id_path("/portal-api/catalogues", catalogue);

  auto audiences = admin().get(path + "/audiences");
  ASSERT_EQ(audiences.status, 200);
  ASSERT_EQ(audiences.json().size(), 1U);
  EXPECT_EQ(audiences.json()[0]["TeamID"], team_id);
  auto whole_org = created(path + "/audiences", {{"OrganisationID", org_id}}, 201);
  EXPECT_EQ(whole_org["TeamID"], 0);
  EXPECT_EQ(admin().get(id_path(path + "/audiences", whole_org)).status, 200);
  EXPECT_EQ(admin().del(id_path(path + "/audiences", whole_org)).status, 200);
  EXPECT_EQ(admin().get(id_path(path + "/audiences", whole_org)).status, 404);

  // Tyk's way of emptying a list: null.
  auto emptied = admin().put(path, {{"Products", nullptr}, {"VisibilityStatus", "Public"}});
  ASSERT_EQ(emptied.status, 200) << emptied.body;
  EXPECT_TRUE(emptied.json()["Products"].empty());
  EXPECT_EQ(emptied.json()["Plans"], nlohmann::json::array({"free"}));
  EXPECT_EQ(emptied.json()["VisibilityStatus"], "Public");

  auto list = admin().get("/portal-api/catalogues");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json().size(), 1U);
  EXPECT_EQ(list.header("x-total-count"), "1");
  EXPECT_EQ(admin().del(path).status, 200);
  EXPECT_EQ(admin().get(path).status, 404);
}

TEST_F(CatalogueApiTest, BadCatalogueInputIsRefusedNamingTheFieldAndChangesNothing) {
  auto acme = created("/portal-api/organisations", {{"Name", "Acme"}});
  auto globex = created("/portal-api/organisations", {{"Name", "Globex"}});
  const long long before = audit_count();
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"Name", "X"}, {"VisibilityStatus", "Secret"}}, "VisibilityStatus"},
      {{{"Name", ""}}, "Name"},
      {{{"Name", std::string(10000, 'n')}}, "Name"},
      {{{"Name", "X"}, {"NameWithSlug", "Not a slug!"}}, "NameWithSlug"},
      {{{"Name", "X"}, {"Products", {424242}}}, "Products"},
      {{{"Name", "X"}, {"Plans", "all"}}, "Plans"},
      {{{"Name", "X"},
        {"OrgCatalogues",
         {{{"OrganisationID", acme["ID"]}, {"TeamID", globex["Teams"][0]["ID"]}}}}},
       "TeamID"},
      {{{"Name", "X"}, {"OrgCatalogues", {{{"OrganisationID", 999999}}}}}, "OrganisationID"},
      {{{"Name", "X"}, {"Colour", "red"}}, "Colour"},
  };
  for (const Case& c : cases) {
    auto r = admin().post("/portal-api/catalogues", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r.body;
    EXPECT_NE(r.body.find(c.field), std::string::npos) << c.body.dump() << " -> " << r.body;
  }
  EXPECT_TRUE(admin().get("/portal-api/catalogues").json().empty());
  EXPECT_EQ(audit_count(), before);
  auto duplicate = admin().post("/portal-api/catalogues", {{"Name", "Acme"}});
  ASSERT_EQ(duplicate.status, 200);
  auto again = admin().post("/portal-api/catalogues", {{"Name", "acme"}});
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_F(CatalogueApiTest, PlansInTykShapes) {
  auto plan = created("/portal-api/plans", {{"Name", "gold"},
                                            {"DisplayName", "Gold"},
                                            {"RateLimit", 100},
                                            {"Per", 60},
                                            {"Quota", 10000},
                                            {"QuotaRenewalRate", 3600},
                                            {"KeyExpiresIn", 86400},
                                            {"AutoApproveAccessRequests", true},
                                            {"MetaData", {{"tier", "gold"}}}});
  EXPECT_EQ(plan["MetaData"]["tier"], "gold");
  EXPECT_EQ(plan["ProviderID"], 1);
  auto list = admin().get("/portal-api/plans");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["data"].size(), 1U);
  EXPECT_EQ(list.json()["data"][0]["DisplayName"], "Gold");
  const std::string path = id_path("/portal-api/plans", plan);
  auto updated = admin().put(path, {{"Quota", 5}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["Quota"], 5);
  EXPECT_EQ(updated.json()["RateLimit"], 100) << "absent fields stay";

  for (const auto& bad : {nlohmann::json{{"RateLimit", -1}}, nlohmann::json{{"Per", 0.5}},
                          nlohmann::json{{"MetaData", "x"}}, nlohmann::json{{"Per", 0}}}) {
    auto r = admin().put(path, bad);
    EXPECT_EQ(r.status, 400) << bad.dump() << " -> " << r.body;
  }
  EXPECT_EQ(admin().get(path).json()["Quota"], 5);
  EXPECT_EQ(admin().del(path).status, 200);
  EXPECT_EQ(admin().get(path).status, 404);
}

TEST_F(CatalogueApiTest, ProductsWithApisAndTags) {
  auto catalogue =
      created("/portal-api/catalogues", {{"Name", "Public"}, {"VisibilityStatus", "Public"}});
  auto product = created("/portal-api/products",
                         {{"Name", "payments"},
                          {"DisplayName", "ACME Payments"},
                          {"Description", "Pay <script>alert(1)</script>"},
                          {"Catalogues", {catalogue["ID"]}},
                          {"APIDetails",
                           {{{"APIID", "pay-v1"},
                             {"Name", "Payments v1"},
                             {"ListenPath", "/payments/"},
                             {"TargetURL", "https://upstream.example/pay"}}}}},
                         201);
  EXPECT_EQ(product["Path"], "payments");
  EXPECT_EQ(product["Catalogues"], nlohmann::json::array({"Public"}));
  ASSERT_EQ(product["APIDetails"].size(), 1U);
  EXPECT_EQ(product["APIDetails"][0]["ListenPath"], "/payments/");
  const std::string path = id_path("/portal-api/products", product);

  auto api = admin().get(path + "/api-details/pay-v1");
  ASSERT_EQ(api.status, 200) << api.body;
  auto renamed =
      admin().put(path + "/api-details/pay-v1", {{"Name", "Payments"}, {"Status", false}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["Status"], false);
  EXPECT_EQ(admin().get(path + "/api-details/nope").status, 404);

  EXPECT_EQ(admin().post(path + "/tags", {{"Name", "Finance"}}).status, 201);
  EXPECT_EQ(admin().post(path + "/tags", {{"Name", "finance"}}).status, 201);  // the same tag
  auto tags = admin().get(path + "/tags");
  ASSERT_EQ(tags.json().size(), 1U);
  EXPECT_EQ(tags.json()[0]["Name"], "Finance");
  EXPECT_EQ(admin().get(path + "/tags/FINANCE").status, 200);
  EXPECT_EQ(admin().del(path + "/tags/Finance").status, 200);
  EXPECT_EQ(admin().get(path + "/tags/Finance").status, 404);

  for (const auto& bad :
       {nlohmann::json{{"Catalogues", {777}}}, nlohmann::json{{"Path", "UPPER CASE"}},
        nlohmann::json{{"APIDetails", {{{"ListenPath", "no-slash"}}}}},
        nlohmann::json{{"APIDetails", {{{"TargetURL", "javascript:alert(1)"}}}}},
        nlohmann::json{{"Content", std::string(std::size_t{300} * 1024, 'x')}}}) {
    auto r = admin().put(path, bad);
    EXPECT_EQ(r.status, 400) << bad.dump().substr(0, 200) << " -> " << r.body;
  }
  auto unchanged = admin().get(path).json();
  EXPECT_EQ(unchanged["Path"], "payments");
  EXPECT_EQ(unchanged["APIDetails"].size(), 1U);

  auto list = admin().get("/portal-api/products");
  ASSERT_EQ(list.json().size(), 1U);
  EXPECT_EQ(list.json()[0]["APIDetails"][0]["APIID"], "pay-v1");
  EXPECT_EQ(admin().del(path).status, 200);
  EXPECT_EQ(admin().get(path).status, 404);
  EXPECT_TRUE(admin().get(id_path("/portal-api/catalogues", catalogue)).json()["Products"].empty());
}

TEST_F(CatalogueApiTest, ProductDocsInOrder) {
  auto product = created("/portal-api/products", {{"Name", "payments"}}, 201);
  const std::string docs = id_path("/portal-api/products", product) + "/docs";
  auto start = created(
      docs, {{"Title", "Getting started"}, {"Content", "# Hello"}, {"Status", "published"}}, 201);
  EXPECT_EQ(start["Path"], "getting-started");
  EXPECT_EQ(start["MarkdownEnabled"], true);
  auto auth = created(docs, {{"Title", "Authentication"}, {"MarkdownContent", "Use a key."}}, 201);
  auto list = admin().get(docs).json();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0]["Title"], "Getting started");

  auto reordered =
      admin().post(docs + "/reorder", nlohmann::json::array({auth["ID"], start["ID"]}));
  ASSERT_EQ(reordered.status, 200) << reordered.body;
  list = admin().get(docs).json();
  EXPECT_EQ(list[0]["Title"], "Authentication");
  EXPECT_EQ(admin().post(docs + "/reorder", nlohmann::json::array({auth["ID"]})).status, 400)
      << "every page must be named";
  EXPECT_EQ(admin().post(docs + "/reorder", {{"order", 1}}).status, 400);

  auto edited = admin().put(id_path(docs, start), {{"Status", "draft"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["Status"], "draft");
  EXPECT_EQ(edited.json()["Content"], "# Hello") << "absent fields stay";
  for (const auto& bad : {nlohmann::json{{"Status", "secret"}}, nlohmann::json{{"Title", ""}},
                          nlohmann::json{{"Content", std::string(std::size_t{600} * 1024, 'x')}}}) {
    auto r = admin().put(id_path(docs, start), bad);
    EXPECT_EQ(r.status, 400) << r.body;
  }
  auto huge = admin().post(
      docs, {{"Title", "Huge"}, {"Content", std::string(std::size_t{5} * 1024 * 1024, 'x')}});
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(admin().get(docs).json().size(), 2U);
  EXPECT_EQ(admin().del(id_path(docs, start)).status, 200);
  EXPECT_EQ(admin().get(id_path(docs, start)).status, 404);
  EXPECT_EQ(admin().get(docs).json().size(), 1U);
}

TEST_F(CatalogueApiTest, OpenApiDocumentsPerApi) {
  auto product = created(
      "/portal-api/products",
      {{"Name", "payments"}, {"APIDetails", {{{"APIID", "pay"}}, {{"APIID", "refunds"}}}}}, 201);
  const std::string path = id_path("/portal-api/products", product);
  const std::string oas = path + "/api-details/pay/oas";
  auto upload = [&](const std::string& target, const std::string& type, const std::string& body) {
    return portal_->client().request(
        "POST", target, {{"Authorization", admin().token()}, {"Content-Type", type}}, body);
  };
  EXPECT_EQ(admin().get(oas).status, 404) << "no document yet";

  const std::string yaml =
      "openapi: 3.0.3\ninfo:\n  title: Payments\n  version: '1'\npaths:\n  /pay: {}\n";
  auto sent = upload(oas, "application/yaml", yaml);
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto got = admin().get(oas);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, yaml) << "kept exactly as uploaded";
  EXPECT_EQ(got.header("content-type"), "application/x-yaml");

  // Tyk's clients send a multipart form with a "file" part.
  const std::string json =
      R"({"openapi":"3.1.0","info":{"title":"Refunds","version":"2"},"paths":{}})";
  const std::string form =
      "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"oas.json\"\r\nContent-Type: application/json\r\n\r\n" +
      json + "\r\n--b0undary--\r\n";
  auto multipart =
      upload(path + "/api-details/refunds/oas", "multipart/form-data; boundary=b0undary", form);
  ASSERT_EQ(multipart.status, 200) << multipart.body;
  EXPECT_EQ(admin().get(path + "/api-details/refunds/oas").body, json);

  const long long before = audit_count();
  for (const auto& [type, body] : std::vector<std::pair<std::string, std::string>>{
           {"application/yaml", "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n"},
           {"application/json", "{not json"},
           {"application/yaml", "openapi: 3.0.0\npaths: {}\n"},
           {"multipart/form-data; boundary=b0undary", "--b0undary\r\nbroken"},
           {"multipart/form-data; boundary=b0undary",
            "--b0undary\r\nContent-Disposition: form-data; "
            "name=\"other\"\r\n\r\nx\r\n--b0undary--"}}) {
    auto r = upload(oas, type, body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
  }
  EXPECT_EQ(upload(oas, "text/plain", yaml).status, 415);
  EXPECT_EQ(upload(path + "/api-details/nope/oas", "application/yaml", yaml).status, 404);
  EXPECT_EQ(admin().get(oas).body, yaml) << "a refused upload changes nothing";
  EXPECT_EQ(audit_count(), before);

  // Replacing the API list keeps the documents of the APIs that stay.
  ASSERT_EQ(admin().put(path, {{"APIDetails", {{{"APIID", "pay"}}}}}).status, 200);
  EXPECT_EQ(admin().get(oas).status, 200);
  EXPECT_EQ(admin().get(path + "/api-details/refunds/oas").status, 404);
  EXPECT_EQ(admin().del(oas).status, 200);
  EXPECT_EQ(admin().get(oas).status, 404);
  EXPECT_EQ(admin().del(oas).status, 404);
}

TEST_F(CatalogueApiTest, EveryChangeIsAudited) {
  const long long before = audit_count();
  auto catalogue = created("/portal-api/catalogues", {{"Name", "Audited"}});
  auto plan = created("/portal-api/plans", {{"Name", "p"}});
  auto product = created("/portal-api/products", {{"Name", "q"}}, 201);
  EXPECT_EQ(
      admin().put(id_path("/portal-api/catalogues", catalogue), {{"Name", "Audited 2"}}).status,
      200);
  EXPECT_EQ(
      admin().post(id_path("/portal-api/products", product) + "/tags", {{"Name", "t"}}).status,
      201);
  EXPECT_EQ(admin().del(id_path("/portal-api/plans", plan)).status, 200);
  EXPECT_EQ(audit_count(), before + 6);
}

}  // namespace
}  // namespace atrium::testing
