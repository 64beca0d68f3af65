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

// A multipart/form-data body with one "file" part (as Tyk's clients upload).
std::string file_form(const std::string& filename, const std::string& type,
                      const std::string& data) {
  return "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type + "\r\n\r\n" + data + "\r\n--b0undary--\r\n";
}

constexpr const char* kForm = "multipart/form-data; boundary=b0undary";
constexpr const char* kSdl = "type Query {\n  payments: [String]\n}\n";

TEST_F(CatalogueApiTest, SpecDetailsOfDocumentationOnlyProducts) {
  auto product =
      created("/portal-api/products", {{"Name", "docs-only"}, {"IsDocumentationOnly", true}}, 201);
  auto regular = created("/portal-api/products", {{"Name", "regular"}}, 201);
  const std::string specs = id_path("/portal-api/products", product) + "/spec-details";
  auto upload = [&](const std::string& method, const std::string& target, const std::string& type,
                    const std::string& body) {
    return portal_->client().request(
        method, target, {{"Authorization", admin().token()}, {"Content-Type", type}}, body);
  };
  EXPECT_TRUE(admin().get(specs).json().empty());

  auto spec = created(specs,
                      {{"SpecAlias", "payment_api"},
                       {"OASUrl", "https://petstore.swagger.io/v2/swagger.json"},
                       {"CID", "ignored"}},
                      201);
  EXPECT_EQ(spec["SpecAlias"], "payment_api");
  EXPECT_EQ(spec["Name"], "payment_api") << "the name defaults to the alias";
  EXPECT_EQ(spec["OASUrl"], "https://petstore.swagger.io/v2/swagger.json");
  EXPECT_NE(spec["CID"], "ignored");
  const std::string one = id_path(specs, spec);
  auto got = admin().get(one);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json(), spec);
  auto renamed = admin().put(one, {{"Name", "Payment API Documentation"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["Name"], "Payment API Documentation");
  EXPECT_EQ(renamed.json()["SpecAlias"], "payment_api");
  auto listed = admin().get(specs);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json().size(), 1U);
  EXPECT_EQ(listed.header("x-total-count"), "1");
  auto shown = admin().get(id_path("/portal-api/products", product));
  ASSERT_EQ(shown.json()["SpecDetails"].size(), 1U);
  EXPECT_EQ(shown.json()["SpecDetails"][0]["SpecAlias"], "payment_api");

  // The specification's OpenAPI document.
  const std::string yaml =
      "openapi: 3.0.3\ninfo:\n  title: Payments\n  version: '1'\npaths:\n  /pay: {}\n";
  EXPECT_EQ(admin().get(one + "/oas").status, 404) << "no document yet";
  auto sent = upload("POST", one + "/oas", kForm, file_form("oas.yaml", "application/yaml", yaml));
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto oas = admin().get(one + "/oas");
  ASSERT_EQ(oas.status, 200);
  EXPECT_EQ(oas.body, yaml);
  EXPECT_EQ(oas.header("content-type"), "application/x-yaml");

  // Bad input: each refused naming the problem, nothing changed (the audit log proves it).
  const long long before = audit_count();
  for (const auto& [body, field] : std::vector<std::pair<nlohmann::json, std::string>>{
           {{{"Name", "no alias"}}, "SpecAlias"},
           {{{"SpecAlias", ""}}, "SpecAlias"},
           {{{"SpecAlias", std::string(10000, 'a')}}, "SpecAlias"},
           {{{"SpecAlias", "x"}, {"OASUrl", "javascript:alert(1)"}}, "OASUrl"},
           {{{"SpecAlias", "x"}, {"Colour", "red"}}, "Colour"}}) {
    auto r = admin().post(specs, body);
    EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
  }
  auto taken = admin().post(specs, {{"SpecAlias", "payment_api"}});
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_NE(taken.body.find("SpecAlias"), std::string::npos);
  auto not_docs = admin().post(id_path("/portal-api/products", regular) + "/spec-details",
                               {{"SpecAlias", "x"}});
  EXPECT_EQ(not_docs.status, 400) << not_docs.body;
  EXPECT_NE(not_docs.body.find("IsDocumentationOnly"), std::string::npos) << not_docs.body;
  EXPECT_EQ(admin().post("/portal-api/products/999999/spec-details", {{"SpecAlias", "x"}}).status,
            404);
  EXPECT_EQ(admin().put(one, {{"Name", ""}}).status, 400);
  EXPECT_EQ(upload("POST", one + "/oas", "application/json", "{\"swagger\":\"2.0\"}").status, 400);
  EXPECT_EQ(admin().get(specs + "/424242").status, 404);
  EXPECT_EQ(admin().get(specs + "/nope").status, 404);
  EXPECT_EQ(admin().get(one + "/oas").body, yaml) << "a refused upload changes nothing";
  EXPECT_EQ(admin().get(one).json()["Name"], "Payment API Documentation");
  EXPECT_EQ(audit_count(), before);

  EXPECT_EQ(admin().del(one + "/oas").status, 200);
  EXPECT_EQ(admin().get(one + "/oas").status, 404);
  EXPECT_EQ(admin().del(one).status, 200);
  EXPECT_EQ(admin().get(one).status, 404);
  EXPECT_EQ(admin().del(one).status, 404);
  EXPECT_EQ(audit_count(), before + 2);
}

TEST_F(CatalogueApiTest, SpecDetailsInTheProductBody) {
  // Tyk's DocumentationProduct-create: the specifications come with the product.
  auto product = created(
      "/portal-api/products",
      {{"Name", "doc_only"},
       {"IsDocumentationOnly", true},
       {"SpecDetails",
        {{{"SpecAlias", "payment_api"}, {"OASUrl", "https://petstore.swagger.io/v2/swagger.json"}},
         {{"SpecAlias", "refunds"}, {"Name", "Refunds"}}}}},
      201);
  ASSERT_EQ(product["SpecDetails"].size(), 2U) << product.dump();
  EXPECT_EQ(product["SpecDetails"][0]["SpecAlias"], "payment_api");
  EXPECT_EQ(product["SpecDetails"][1]["Name"], "Refunds");
  const long long kept = product["SpecDetails"][0]["ID"];
  const std::string path = id_path("/portal-api/products", product);

  // Given again, the list replaces them: matched by SpecAlias (the same ID), new ones made, the
  // others deleted; an answer sent back (with ID and CID) is accepted.
  nlohmann::json specs = product["SpecDetails"];
  specs[0]["OASUrl"] = "https://example.com/v2.json";
  specs[1] = {{"SpecAlias", "chargebacks"}};
  auto changed = admin().put(path, {{"SpecDetails", specs}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  ASSERT_EQ(changed.json()["SpecDetails"].size(), 2U);
  EXPECT_EQ(changed.json()["SpecDetails"][0]["ID"], kept);
  EXPECT_EQ(changed.json()["SpecDetails"][0]["OASUrl"], "https://example.com/v2.json");
  EXPECT_EQ(changed.json()["SpecDetails"][1]["SpecAlias"], "chargebacks");
  EXPECT_EQ(admin().get(path + "/spec-details").json().size(), 2U);

  const long long before = audit_count();
  for (const auto& [body, field] : std::vector<std::pair<nlohmann::json, std::string>>{
           {{{"SpecDetails", {{{"SpecAlias", "a"}}, {{"SpecAlias", "a"}}}}},
            "SpecDetails.SpecAlias"},
           {{{"SpecDetails", {{{"Name", "no alias"}}}}}, "SpecDetails.SpecAlias"},
           {{{"SpecDetails", {{{"SpecAlias", "a"}, {"OASUrl", "ftp://x"}}}}}, "SpecDetails.OASUrl"},
           {{{"SpecDetails", "all"}}, "SpecDetails"},
           {{{"IsDocumentationOnly", false}, {"SpecDetails", {{{"SpecAlias", "a"}}}}},
            "SpecDetails"}}) {
    auto r = admin().put(path, body);
    EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
  }
  auto regular = admin().post("/portal-api/products",
                              {{"Name", "regular"}, {"SpecDetails", {{{"SpecAlias", "a"}}}}});
  EXPECT_EQ(regular.status, 400) << regular.body;
  EXPECT_EQ(admin().get("/portal-api/products?per_page=100").json().size(), 1U);
  EXPECT_EQ(admin().get(path).json()["SpecDetails"], changed.json()["SpecDetails"])
      << "refusals change nothing";
  EXPECT_EQ(audit_count(), before);
  // Tyk's null, like an empty list, leaves none.
  auto emptied = admin().put(path, {{"SpecDetails", nullptr}});
  ASSERT_EQ(emptied.status, 200) << emptied.body;
  EXPECT_TRUE(emptied.json()["SpecDetails"].empty());
}

TEST_F(CatalogueApiTest, GraphqlSchemasOfApisAndSpecs) {
  auto product = created(
      "/portal-api/products",
      {{"Name", "graph"}, {"IsDocumentationOnly", true}, {"APIDetails", {{{"APIID", "gql"}}}}},
      201);
  const std::string path = id_path("/portal-api/products", product);
  auto send = [&](const std::string& method, const std::string& target, const std::string& type,
                  const std::string& body) {
    return portal_->client().request(
        method, target, {{"Authorization", admin().token()}, {"Content-Type", type}}, body);
  };

  // An API's schema: SDL or introspection JSON, kept as sent; dry_run only checks.
  const std::string api = path + "/api-details/gql/graphql/schema";
  EXPECT_EQ(admin().get(api).status, 404);
  auto dry = send("POST", api + "?dry_run=true", kForm, file_form("s.graphql", "", kSdl));
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(admin().get(api).status, 404) << "a dry run keeps nothing";
  auto sent = send("POST", api, kForm, file_form("s.graphql", "application/octet-stream", kSdl));
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto got = admin().get(api);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, kSdl);
  EXPECT_EQ(got.header("content-type"), "application/graphql");
  const std::string introspection = R"({"data":{"__schema":{"types":[]}}})";
  ASSERT_EQ(send("POST", api, "application/json", introspection).status, 200);
  EXPECT_EQ(admin().get(api).header("content-type"), "application/json");

  const long long before = audit_count();
  for (const std::string& bad : {std::string("query { a }"), std::string("type Q {"),
                                 std::string(R"({"openapi":"3.0.0"})"), std::string("")}) {
    auto r = send("POST", api, kForm, file_form("s.graphql", "", bad));
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    EXPECT_NE(r.body.find("graphql.invalid"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("file"), std::string::npos) << r.body;
    auto dry_bad = send("POST", api + "?dry_run=true", kForm, file_form("s.graphql", "", bad));
    EXPECT_EQ(dry_bad.status, 400) << dry_bad.body;
  }
  EXPECT_EQ(send("POST", api + "?dry_run=maybe", "application/graphql", kSdl).status, 400);
  EXPECT_EQ(send("POST", api, "image/png", kSdl).status, 415);
  EXPECT_EQ(
      send("POST", path + "/api-details/nope/graphql/schema", "application/graphql", kSdl).status,
      404);
  EXPECT_EQ(admin().get(api).body, introspection) << "refusals change nothing";
  EXPECT_EQ(audit_count(), before);

  // The product's schema makes a specification named by the file; a second upload of that file
  // replaces its schema (the latest), another file makes another.
  const std::string product_schema = path + "/spec-details/graphql/schema";
  auto made = send("POST", product_schema, kForm, file_form("payments.graphql", "", kSdl));
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.json()["SpecAlias"], "payments");
  const std::string spec =
      path + "/spec-details/" + std::to_string(made.json()["ID"].get<long long>());
  const std::string v2 = "type Query {\n  payments: [Int]\n}\n";
  auto again = send("POST", product_schema, kForm, file_form("payments.gql", "", v2));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["ID"], made.json()["ID"]);
  EXPECT_EQ(admin().get(spec + "/graphql/schema").body, v2);
  auto dry_new =
      send("POST", product_schema + "?dry_run=true", kForm, file_form("refunds.graphql", "", kSdl));
  ASSERT_EQ(dry_new.status, 200) << dry_new.body;
  EXPECT_EQ(admin().get(path + "/spec-details").json().size(), 1U) << "a dry run makes nothing";

  // A specification's schema through PUT, as Tyk.
  auto put = send("PUT", spec + "/graphql/schema", "application/graphql", kSdl);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(admin().get(spec + "/graphql/schema").body, kSdl);
  EXPECT_EQ(send("PUT", spec + "/graphql/schema", "application/graphql", "type {").status, 400);

  auto regular = created("/portal-api/products", {{"Name", "regular"}}, 201);
  auto refused =
      send("POST", id_path("/portal-api/products", regular) + "/spec-details/graphql/schema",
           "application/graphql", kSdl);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("IsDocumentationOnly"), std::string::npos);

  // Tyk's DELETE of a specification's schema removes the whole specification.
  EXPECT_EQ(admin().del(spec + "/graphql/schema").status, 200);
  EXPECT_EQ(admin().get(spec).status, 404);
  EXPECT_EQ(admin().del(api).status, 200);
  EXPECT_EQ(admin().get(api).status, 404);
  EXPECT_EQ(admin().del(api).status, 404);
}

// The start of a PNG (signature and IHDR chunk): what the magic-byte check reads.
std::string tiny_png() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 21);
  return png + "\x1f\x15\xc4\x89";
}

TEST_F(CatalogueApiTest, ProductImagesAreCheckedByTheirBytes) {
  auto product = created("/portal-api/products", {{"Name", "pictured"}}, 201);
  const std::string path = id_path("/portal-api/products", product);
  auto send = [&](const std::string& target, const std::string& type, const std::string& body) {
    return portal_->client().request(
        "POST", target, {{"Authorization", admin().token()}, {"Content-Type", type}}, body);
  };
  EXPECT_EQ(admin().get(path + "/logo").status, 404);
  EXPECT_EQ(admin().get(path).json()["Logo"], "");

  // The client's Content-Type does not matter: the bytes say it is a PNG.
  auto logo = send(path + "/logo", kForm, file_form("logo.gif", "image/gif", tiny_png()));
  ASSERT_EQ(logo.status, 200) << logo.body;
  EXPECT_EQ(logo.json()["status"], "ok");
  auto got = admin().get(path + "/logo");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, tiny_png());
  EXPECT_EQ(got.header("content-type"), "image/png");
  EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
  EXPECT_TRUE(got.header("etag"));
  const std::string gif = "GIF89a: a picture";
  ASSERT_EQ(send(path + "/preview", "application/octet-stream", gif).status, 200);
  EXPECT_EQ(admin().get(path + "/preview").header("content-type"), "image/gif");
  auto shown = admin().get(path);
  EXPECT_EQ(shown.json()["Logo"],
            "/system/products/" + std::to_string(product["ID"].get<long long>()) + "/logo");
  EXPECT_EQ(shown.json()["Preview"],
            "/system/products/" + std::to_string(product["ID"].get<long long>()) + "/preview");

  const long long before = audit_count();
  struct Case {
    std::string type;
    std::string body;
    int status;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>",
            400, "SVG"},
           {kForm, file_form("x.png", "image/png", "<?xml version=\"1.0\"?><svg/>"), 400, "SVG"},
           {"image/png", "%PDF-1.7 not an image", 400, "not a PNG, JPEG, GIF or WebP"},
           {"image/png", "", 400, "is empty"},
           {"image/png", tiny_png() + std::string(std::size_t{1024} * 1024, 'x'), 413,
            "larger than"},
       }) {
    auto r = send(path + "/logo", c.type, c.body);
    EXPECT_EQ(r.status, c.status) << c.says << " -> " << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << r.body;
  }
  EXPECT_EQ(send("/portal-api/products/999999/logo", "image/png", tiny_png()).status, 404);
  EXPECT_EQ(admin().get(path + "/logo").body, tiny_png()) << "refusals change nothing";
  EXPECT_EQ(audit_count(), before);

  EXPECT_EQ(admin().del(path + "/logo").status, 200);
  EXPECT_EQ(admin().get(path + "/logo").status, 404);
  EXPECT_EQ(admin().del(path + "/logo").status, 404);
  EXPECT_EQ(admin().get(path).json()["Logo"], "");
  EXPECT_EQ(audit_count(), before + 1);
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
