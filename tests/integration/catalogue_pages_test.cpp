// The Live Portal's catalogue: which products an anonymous visitor, consumers in different
// organisations and teams, and an API Owner see, in HTML and JSON alike; a product one may not
// see is a 404 exactly like one that does not exist; docs render inert.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "admin_client.hpp"
#include "browser.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

constexpr const char* kPassword = "a good long passphrase";
constexpr const char* kJson = "application/json";

class CataloguePagesTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (IsSkipped()) return;
    admin_ = std::make_unique<AdminClient>(portal_->client(), portal_->bootstrap_token());
    acme_ = post("/portal-api/organisations", {{"Name", "Acme"}})["ID"];
    other_ = post("/portal-api/organisations", {{"Name", "Other"}})["ID"];
    const std::string teams = "/portal-api/organisations/" + std::to_string(acme_) + "/teams";
    red_ = post(teams, {{"Name", "Red"}})["ID"];
    blue_ = post(teams, {{"Name", "Blue"}})["ID"];
    alice_ = user("alice", acme_, {red_});
    user("carol", acme_, {blue_});
    user("erin", other_, {});

    catalogue("Everyone", "Public", {}, "open-api");
    catalogue("Acme wide", "Private", {{{"OrganisationID", acme_}}}, "acme-api");
    catalogue("Acme red", "Private", {{{"OrganisationID", acme_}, {"TeamID", red_}}}, "red-api");
    catalogue("Other only", "Private", {{{"OrganisationID", other_}}}, "other-api");
    catalogue("Nobody", "Private", nlohmann::json::array(), "hidden-api");
    product("orphan-api", {});
  }

  nlohmann::json post(const std::string& path, const nlohmann::json& body, int status = 200) {
    auto r = admin_->post(path, body);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    return r.json();
  }

  long long user(const std::string& name, long long org, const std::vector<long long>& teams) {
    nlohmann::json body = {{"Email", name + "@example.com"},
                           {"First", name},
                           {"Last", "Tester"},
                           {"Password", kPassword},
                           {"Role", "consumer-team-member"},
                           {"OrganisationID", org}};
    if (!teams.empty()) body["Teams"] = teams;
    return post("/portal-api/users", body)["ID"];
  }

  long long product(const std::string& path, const std::vector<long long>& catalogues) {
    return post("/portal-api/products",
                {{"Name", path},
                 {"DisplayName", "The " + path},
                 {"Description", "About " + path},
                 {"Catalogues", catalogues}},
                201)["ID"];
  }

  // A catalogue holding one new product, and a plan of the same name.
  void catalogue(const std::string& name, const std::string& visibility,
                 const nlohmann::json& audiences, const std::string& product_path) {
    const long long id = post(
        "/portal-api/catalogues",
        {{"Name", name}, {"VisibilityStatus", visibility}, {"OrgCatalogues", audiences}})["ID"];
    product(product_path, {id});
    post("/portal-api/plans",
         {{"Name", product_path + "-plan"}, {"RateLimit", 100}, {"Per", 60}, {"Catalogues", {id}}});
  }

  Browser signed_in(const std::string& email) {
    Browser b(portal_->client());
    auto r = b.login(email, kPassword);
    EXPECT_EQ(r.status, 303) << r.body;
    return b;
  }

  // The product paths of the JSON list, checking X-Total-Count against them.
  static std::set<std::string> listed(const HttpResult& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> paths;
    for (const auto& p : r.json()) paths.insert(p["Path"].get<std::string>());
    EXPECT_EQ(r.header("x-total-count"), std::to_string(paths.size()));
    return paths;
  }

  // What `browser` is shown, in JSON, and that the HTML list and each product page agree.
  std::set<std::string> visible_to(Browser& browser) {
    std::set<std::string> paths = listed(browser.get("/portal/catalogue-products", kJson));
    const auto html = browser.get("/portal/catalogue-products");
    EXPECT_EQ(html.status, 200);
    for (const std::string path : {"open-api", "acme-api", "red-api", "other-api", "hidden-api",
                                   "orphan-api", "no-such-api"}) {
      const bool shown = paths.count(path) > 0;
      EXPECT_EQ(html.body.find("/portal/catalogue-products/" + path + "\"") != std::string::npos,
                shown)
          << path;
      const auto page = browser.get("/portal/catalogue-products/" + path);
      const auto json = browser.get("/portal/catalogue-products/" + path, kJson);
      if (shown) {
        EXPECT_EQ(page.status, 200) << path;
        EXPECT_EQ(json.status, 200) << path;
      } else {
        EXPECT_EQ(page.status, 404) << path;
        EXPECT_EQ(json.status, 404) << path;
        EXPECT_EQ(json.body, browser.get("/portal/catalogue-products/no-such-api", kJson).body)
            << "a hidden product answers exactly like a missing one";
      }
    }
    return paths;
  }

  std::unique_ptr<AdminClient> admin_;
  long long acme_ = 0, other_ = 0, red_ = 0, blue_ = 0, alice_ = 0;
};

TEST_F(CataloguePagesTest, EachViewerSeesExactlyTheirCatalogues) {
  Browser anonymous(portal_->client());
  EXPECT_EQ(visible_to(anonymous), (std::set<std::string>{"open-api"}));
  Browser alice = signed_in("alice@example.com");
  EXPECT_EQ(visible_to(alice), (std::set<std::string>{"open-api", "acme-api", "red-api"}));
  Browser carol = signed_in("carol@example.com");
  EXPECT_EQ(visible_to(carol), (std::set<std::string>{"open-api", "acme-api"}));
  Browser erin = signed_in("erin@example.com");
  EXPECT_EQ(visible_to(erin), (std::set<std::string>{"open-api", "other-api"}));
}

TEST_F(CataloguePagesTest, MovingAUserBetweenTeamsChangesWhatTheySeeAtOnce) {
  Browser alice = signed_in("alice@example.com");
  EXPECT_EQ(alice.get("/portal/catalogue-products/red-api", kJson).status, 200);
  auto moved = admin_->put("/portal-api/users/" + std::to_string(alice_), {{"Teams", {blue_}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(alice.get("/portal/catalogue-products/red-api", kJson).status, 404);
  EXPECT_EQ(listed(alice.get("/portal/catalogue-products", kJson)),
            (std::set<std::string>{"open-api", "acme-api"}));
  auto out = admin_->put("/portal-api/users/" + std::to_string(alice_),
                         {{"OrganisationID", other_}, {"Teams", nlohmann::json::array()}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(listed(alice.get("/portal/catalogue-products", kJson)),
            (std::set<std::string>{"open-api", "other-api"}));
}

TEST_F(CataloguePagesTest, RemovingTheAudienceHidesTheCatalogue) {
  Browser carol = signed_in("carol@example.com");
  EXPECT_EQ(carol.get("/portal/catalogue-products/acme-api", kJson).status, 200);
  auto catalogues = admin_->get("/portal-api/catalogues").json();
  for (const auto& c : catalogues) {
    if (c["Name"] != "Acme wide") continue;
    const std::string path = "/portal-api/catalogues/" + std::to_string(c["ID"].get<long long>());
    for (const auto& a : admin_->get(path + "/audiences").json()) {
      EXPECT_EQ(admin_->del(path + "/audiences/" + std::to_string(a["ID"].get<long long>())).status,
                200);
    }
  }
  EXPECT_EQ(carol.get("/portal/catalogue-products/acme-api", kJson).status, 404);
}

TEST_F(CataloguePagesTest, ProductPageShowsPlansAndRendersDocsInert) {
  auto products = admin_->get("/portal-api/products").json();
  long long red_api = 0;
  for (const auto& p : products) {
    if (p["Path"] == "red-api") red_api = p["ID"];
  }
  ASSERT_NE(red_api, 0);
  const std::string docs = "/portal-api/products/" + std::to_string(red_api) + "/docs";
  post(docs,
       {{"Title", "Start here"},
        {"Content",
         "# Welcome\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n| a |\n|---|\n| b "
         "|\n"}},
       201);
  post(docs, {{"Title", "Secret draft"}, {"Content", "not yet"}, {"Status", "draft"}}, 201);

  Browser alice = signed_in("alice@example.com");
  auto page = alice.get("/portal/catalogue-products/red-api");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h1>Welcome</h1>"), std::string::npos);
  EXPECT_NE(page.body.find("<table>"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.body.find("javascript:alert"), std::string::npos);
  EXPECT_EQ(page.body.find("Secret draft"), std::string::npos) << "drafts are not published";
  EXPECT_NE(page.body.find("100 requests per minute"), std::string::npos);
  EXPECT_NE(page.body.find("red-api-plan"), std::string::npos);
  EXPECT_EQ(page.body.find("acme-api-plan"), std::string::npos)
      << "only the plans of the catalogues holding this product";

  auto json = alice.get("/portal/catalogue-products/red-api", kJson).json();
  ASSERT_EQ(json["Docs"].size(), 1U);
  ASSERT_EQ(json["Plans"].size(), 1U);
  EXPECT_EQ(json["Plans"][0]["RateLimitText"], "100 requests per minute");
  EXPECT_EQ(json["Catalogues"].size(), 1U);
}

// The answers are cached (Server.ResponseCacheSize is on by default): a change shows at once.
TEST_F(CataloguePagesTest, ChangesShowAtOnceThroughTheCache) {
  Browser anonymous(portal_->client());
  EXPECT_EQ(listed(anonymous.get("/portal/catalogue-products", kJson)),
            (std::set<std::string>{"open-api"}));
  EXPECT_EQ(anonymous.get("/portal/catalogue-products").body.find("new-api"), std::string::npos);
  long long everyone = 0;
  for (const auto& c : admin_->get("/portal-api/catalogues").json()) {
    if (c["Name"] == "Everyone") everyone = c["ID"];
  }
  product("new-api", {everyone});
  EXPECT_EQ(listed(anonymous.get("/portal/catalogue-products", kJson)),
            (std::set<std::string>{"open-api", "new-api"}));
  EXPECT_NE(anonymous.get("/portal/catalogue-products").body.find("new-api"), std::string::npos);
  auto products = admin_->get("/portal-api/products").json();
  const std::size_t before = products.size();
  product("another-api", {});
  EXPECT_EQ(admin_->get("/portal-api/products").json().size(), before + 1);
}

TEST_F(CataloguePagesTest, SearchAndFilters) {
  Browser alice = signed_in("alice@example.com");
  EXPECT_EQ(listed(alice.get("/portal/catalogue-products?search=RED", kJson)),
            (std::set<std::string>{"red-api"}));
  auto catalogues = admin_->get("/portal-api/catalogues").json();
  long long acme_wide = 0;
  for (const auto& c : catalogues) {
    if (c["Name"] == "Acme wide") acme_wide = c["ID"];
  }
  EXPECT_EQ(
      listed(alice.get("/portal/catalogue-products?catalogue=" + std::to_string(acme_wide), kJson)),
      (std::set<std::string>{"acme-api"}));
  auto products = admin_->get("/portal-api/products").json();
  for (const auto& p : products) {
    if (p["Path"] == "acme-api" || p["Path"] == "other-api") {
      post("/portal-api/products/" + std::to_string(p["ID"].get<long long>()) + "/tags",
           {{"Name", "Payments"}}, 201);
    }
  }
  EXPECT_EQ(listed(alice.get("/portal/catalogue-products?tag=payments", kJson)),
            (std::set<std::string>{"acme-api"}));
  auto html = alice.get("/portal/catalogue-products");
  EXPECT_NE(html.body.find("<option value=\"Payments\""), std::string::npos)
      << "the tag filter offers the tags of visible products";
  Browser anonymous(portal_->client());
  EXPECT_EQ(anonymous.get("/portal/catalogue-products").body.find("Payments"), std::string::npos)
      << "a tag only hidden products carry is not shown";
  EXPECT_EQ(anonymous.get("/portal/catalogue-products?catalogue=abc", kJson).status, 400);
}

}  // namespace
}  // namespace atrium::testing

namespace atrium::testing {
namespace {

// A product's APIs with stored OpenAPI documents get a reference on the page and a download; an
// invisible product's download is the same 404 as a missing one's.
TEST_F(CataloguePagesTest, ApiReferenceAndSpecDownload) {
  long long red_api = 0;
  for (const auto& p : admin_->get("/portal-api/products").json()) {
    if (p["Path"] == "red-api") red_api = p["ID"];
  }
  ASSERT_NE(red_api, 0);
  const std::string product = "/portal-api/products/" + std::to_string(red_api);
  auto changed = admin_->put(
      product, {{"APIDetails",
                 {{{"APIID", "pay"}, {"Name", "Payments"}, {"ListenPath", "/pay/"}},
                  {{"APIID", "bare"}, {"Name", "No spec"}, {"ListenPath", "/bare/"}}}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  const std::string yaml =
      "openapi: 3.0.3\ninfo:\n  title: Payments API\n  version: '2'\n"
      "  description: 'Pay **things** <script>alert(1)</script>'\n"
      "paths:\n  /payments/{id}:\n    get:\n      tags: [payments]\n      operationId: getPayment\n"
      "      summary: One payment\n      parameters:\n        - {name: id, in: path, schema: "
      "{type: string}}\n      responses:\n        '200':\n          description: Found\n"
      "          content:\n            application/json:\n              schema: {$ref: "
      "'#/components/schemas/Payment'}\ncomponents:\n  schemas:\n    Payment:\n      type: "
      "object\n      required: [amount]\n      properties:\n        amount: {type: integer}\n";
  auto sent = portal_->client().request(
      "POST", product + "/api-details/pay/oas",
      {{"Authorization", admin_->token()}, {"Content-Type", "application/yaml"}}, yaml);
  ASSERT_EQ(sent.status, 200) << sent.body;

  Browser alice = signed_in("alice@example.com");
  auto page = alice.get("/portal/catalogue-products/red-api");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"api-1-op-getPayment\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<code>/payments/{id}</code>"), std::string::npos);
  EXPECT_NE(page.body.find("<strong>things</strong>"), std::string::npos);
  EXPECT_NE(page.body.find("<code>amount</code> <span class=\"required\">"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/portal/catalogue-products/red-api/apis/1/openapi\""),
            std::string::npos);
  EXPECT_EQ(page.body.find("/apis/2/openapi"), std::string::npos) << "the second API has none";

  auto download = alice.get("/portal/catalogue-products/red-api/apis/1/openapi");
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, yaml) << "the document as uploaded";
  EXPECT_EQ(download.header("content-type"), "application/yaml; charset=utf-8");
  EXPECT_EQ(download.header("content-disposition"), "attachment; filename=\"red-api-1.yaml\"");
  for (const std::string n : {"2", "3", "0", "x", "01x"}) {
    EXPECT_EQ(alice.get("/portal/catalogue-products/red-api/apis/" + n + "/openapi").status, 404)
        << n;
  }
  Browser erin = signed_in("erin@example.com");
  Browser visitor(portal_->client());
  for (Browser* b : {&erin, &visitor}) {
    auto hidden = b->get("/portal/catalogue-products/red-api/apis/1/openapi");
    auto missing = b->get("/portal/catalogue-products/no-such-api/apis/1/openapi");
    EXPECT_EQ(hidden.status, 404);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(hidden.body.find("Payments API"), std::string::npos);
  }
}

// Product images at /system/products/{id}/logo and /preview: shown only to who may see the
// product (anyone else gets the 404 of a missing product), as the type the bytes say, with an
// ETag answered 304 on a matching If-None-Match.
TEST_F(CataloguePagesTest, ProductImagesFollowTheProductsVisibility) {
  std::map<std::string, long long> ids;
  for (const auto& p : admin_->get("/portal-api/products").json()) ids[p["Path"]] = p["ID"];
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "the rest of a picture";
  for (const auto& [path, id] : ids) {
    auto sent = portal_->client().request(
        "POST", "/portal-api/products/" + std::to_string(id) + "/logo",
        {{"Authorization", admin_->token()}, {"Content-Type", "image/png"}}, png);
    ASSERT_EQ(sent.status, 200) << sent.body;
  }
  auto logo_of = [&](Browser& b, const std::string& path, const std::string& if_none_match = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!b.cookie_header().empty()) headers.emplace_back("Cookie", b.cookie_header());
    if (!if_none_match.empty()) headers.emplace_back("If-None-Match", if_none_match);
    const std::string id = ids.count(path) != 0 ? std::to_string(ids[path]) : "999999";
    return portal_->client().request("GET", "/system/products/" + id + "/logo", headers);
  };
  Browser visitor(portal_->client());
  Browser alice = signed_in("alice@example.com");
  Browser erin = signed_in("erin@example.com");
  struct Case {
    Browser* browser;
    std::set<std::string> sees;
  };
  for (const Case& c :
       {Case{&visitor, {"open-api"}}, Case{&alice, {"open-api", "acme-api", "red-api"}},
        Case{&erin, {"open-api", "other-api"}}}) {
    const auto missing = logo_of(*c.browser, "no-such-api");
    EXPECT_EQ(missing.status, 404);
    for (const auto& [path, id] : ids) {
      const auto r = logo_of(*c.browser, path);
      if (c.sees.count(path) != 0) {
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.body, png);
        EXPECT_EQ(r.header("content-type"), "image/png");
        EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
        const std::string etag(r.header("etag").value_or(""));
        ASSERT_FALSE(etag.empty());
        const auto again = logo_of(*c.browser, path, etag);
        EXPECT_EQ(again.status, 304) << path;
        EXPECT_TRUE(again.body.empty());
        EXPECT_EQ(logo_of(*c.browser, path, "\"other\"").status, 200);
      } else {
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(r.body, missing.body) << "a hidden product's image answers like a missing one";
      }
    }
  }
  // The cards show the preview, else the logo (Tyk's fallback); the product page its logo.
  const std::string red_logo = "/system/products/" + std::to_string(ids["red-api"]) + "/logo";
  EXPECT_NE(alice.get("/portal/catalogue-products").body.find("src=\"" + red_logo + "\""),
            std::string::npos);
  EXPECT_NE(alice.get("/portal/catalogue-products/red-api")
                .body.find("class=\"product-logo\" src=\"" + red_logo + "\""),
            std::string::npos);
  auto json = alice.get("/portal/catalogue-products/red-api", kJson);
  EXPECT_EQ(json.json()["Logo"], red_logo);
  EXPECT_EQ(json.json()["Preview"], "");
  // A visible product without a preview; a path that is not a product number.
  EXPECT_EQ(logo_of(visitor, "open-api").status, 200);
  auto preview = portal_->client().request(
      "GET", "/system/products/" + std::to_string(ids["open-api"]) + "/preview");
  EXPECT_EQ(preview.status, 404);
  EXPECT_EQ(portal_->client().request("GET", "/system/products/x/logo").status, 404);
}

// A documentation-only product's specifications are listed with the APIs, each with its
// reference and download when it has an OpenAPI document.
TEST_F(CataloguePagesTest, DocumentationProductsShowTheirSpecifications) {
  long long open_catalogue = 0;
  for (const auto& c : admin_->get("/portal-api/catalogues").json()) {
    if (c["Name"] == "Everyone") open_catalogue = c["ID"];
  }
  const long long id = post("/portal-api/products",
                            {{"Name", "docs-api"},
                             {"IsDocumentationOnly", true},
                             {"Catalogues", {open_catalogue}},
                             {"SpecDetails",
                              {{{"SpecAlias", "ledger"}, {"Name", "Ledger"}},
                               {{"SpecAlias", "later"},
                                {"Name", "Coming later"},
                                {"OASUrl", "https://example.com/later.json"}}}}},
                            201)["ID"];
  const std::string product = "/portal-api/products/" + std::to_string(id);
  const long long spec = admin_->get(product + "/spec-details").json()[0]["ID"];
  const std::string yaml =
      "openapi: 3.0.3\ninfo:\n  title: Ledger API\n  version: '1'\npaths:\n  /entries:\n"
      "    get:\n      operationId: listEntries\n      summary: All entries\n      responses:\n"
      "        '200':\n          description: ok\n";
  auto sent = portal_->client().request(
      "POST", product + "/spec-details/" + std::to_string(spec) + "/oas",
      {{"Authorization", admin_->token()}, {"Content-Type", "application/yaml"}}, yaml);
  ASSERT_EQ(sent.status, 200) << sent.body;

  Browser visitor(portal_->client());
  auto page = visitor.get("/portal/catalogue-products/docs-api");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"api-1-op-listEntries\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("Coming later"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"https://example.com/later.json\""), std::string::npos);
  auto download = visitor.get("/portal/catalogue-products/docs-api/apis/1/openapi");
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, yaml);
  EXPECT_EQ(visitor.get("/portal/catalogue-products/docs-api/apis/2/openapi").status, 404);
  auto json = visitor.get("/portal/catalogue-products/docs-api", kJson);
  ASSERT_EQ(json.status, 200);
  ASSERT_EQ(json.json()["SpecDetails"].size(), 2U);
  EXPECT_EQ(json.json()["SpecDetails"][0]["SpecAlias"], "ledger");
}

}  // namespace
}  // namespace atrium::testing
