// Products in the Admin Portal (DESIGN §9, §12): the list with search, filters and paging; the
// create and edit forms (every refusal names its field, keeps what was typed and changes
// nothing: the audit log proves it); a product's APIs; deletes after a confirmation step;
// owners only, unknown ids 404.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "admin_portal_fixture.hpp"

namespace atrium::testing {
namespace {

class ProductAdminPagesTest : public AdminPortalTest {
 protected:
  long long catalogue(const std::string& name) {
    return post("/portal-api/catalogues", {{"Name", name}, {"VisibilityStatus", "Public"}})["ID"];
  }

  // The product (as the admin API shows it) whose page a create answer redirects to.
  static std::string created_path(const HttpResult& r) { return r.header("location").value_or(""); }

  nlohmann::json api_product(const std::string& page) {
    return admin_->get("/portal-api/products/" + page.substr(page.rfind('/') + 1)).json();
  }
};

TEST_F(ProductAdminPagesTest, AnOwnerCreatesEditsAndDeletesAProduct) {
  const long long open = catalogue("Open");
  Browser owner = signed_in("olive");
  auto empty = owner.get("/admin/products");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(mentions(empty, "No products yet"));
  EXPECT_TRUE(mentions(empty, "href=\"/admin/products\" aria-current=\"page\""));

  owner.get("/admin/products/new");
  const long long before = audit_count();
  auto refused = owner.post_fields(
      "/admin/products/new",
      {{"Name", std::string(10000, 'x')}, {"Path", "Not a slug!"}, {"Catalogues", "abc"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"Catalogues-error\"")) << refused.body;
  owner.get("/admin/products/new");
  refused = owner.post_fields(
      "/admin/products/new",
      {{"Name", std::string(10000, 'x')}, {"Path", "Not a slug!"}, {"Catalogues", "999999"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"Name-error\"")) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"Path-error\""));
  EXPECT_TRUE(mentions(refused, "<a href=\"#Path\">Path:"));
  EXPECT_TRUE(mentions(refused, "value=\"Not a slug!\"")) << "what was typed stays";
  owner.get("/admin/products/new");
  EXPECT_EQ(owner.post("/admin/products/new", {{"Name", ""}}).status, 400);
  EXPECT_EQ(audit_count(), before) << "nothing changed";
  EXPECT_EQ(admin_->get("/portal-api/products").json().size(), 0U);

  owner.get("/admin/products/new");
  auto created = owner.post_fields("/admin/products/new", {{"Name", "payments"},
                                                           {"DisplayName", "Payments API"},
                                                           {"Description", "Take payments."},
                                                           {"Tags", "money, Billing ,, money"},
                                                           {"Catalogues", std::to_string(open)},
                                                           {"Feature", "on"},
                                                           {"AuthType", "authToken"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string page = created_path(created);
  auto shown = owner.get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "Product “Payments API” created."));
  EXPECT_TRUE(mentions(shown, "value=\"Billing, money\"")) << shown.body;
  EXPECT_TRUE(mentions(shown, "<h1>Payments API</h1>"));
  nlohmann::json stored = api_product(page);
  EXPECT_EQ(stored["Path"], "payments");
  EXPECT_EQ(stored["Feature"], true);
  EXPECT_EQ(stored["Tags"].size(), 2U) << stored.dump();
  EXPECT_EQ(stored["Catalogues"].size(), 1U) << stored.dump();

  // A refused change keeps the stored product as it was.
  const long long after_create = audit_count();
  auto bad_edit = owner.post(page, {{"Name", ""}, {"Path", "payments"}});
  EXPECT_EQ(bad_edit.status, 400);
  EXPECT_TRUE(mentions(bad_edit, "id=\"Name-error\""));
  EXPECT_EQ(audit_count(), after_create);
  EXPECT_EQ(api_product(page)["Name"], "payments");

  owner.get(page);
  auto saved = owner.post_fields(page, {{"Name", "payments"},
                                        {"DisplayName", "Payments"},
                                        {"Path", "pay"},
                                        {"Tags", "money"},
                                        {"IsDocumentationOnly", "on"},
                                        {"Scopes", "read write"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_TRUE(mentions(owner.get(page), "Changes saved."));
  stored = api_product(page);
  EXPECT_EQ(stored["DisplayName"], "Payments");
  EXPECT_EQ(stored["Path"], "pay");
  EXPECT_EQ(stored["IsDocumentationOnly"], true);
  EXPECT_EQ(stored["Feature"], false) << "an unticked box is off";
  EXPECT_EQ(stored["Scopes"], "read write");
  EXPECT_EQ(stored["Tags"], nlohmann::json::array({"money"}));
  EXPECT_EQ(stored["Catalogues"].size(), 0U);

  auto confirm = owner.get(page + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the product “Payments”?"));
  EXPECT_EQ(owner.post(page + "/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get("/admin/products"), "Product “Payments” deleted."));
  EXPECT_EQ(admin_->get("/portal-api/products").json().size(), 0U);
  EXPECT_EQ(owner.get(page).status, 404);
  EXPECT_EQ(owner.get(page + "/delete").status, 404);
  EXPECT_EQ(owner.get("/admin/products/abc").status, 404);
}

TEST_F(ProductAdminPagesTest, TheListSearchesFiltersAndPages) {
  const long long open = catalogue("Open");
  for (int i = 0; i < 23; ++i) {
    const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    nlohmann::json body = {{"Name", "product-" + n}, {"DisplayName", "Product " + n}};
    if (i == 3) body["Catalogues"] = {open};
    if (i == 4) body["IsDocumentationOnly"] = true;
    auto made = post("/portal-api/products", body);
    if (i == 5) {
      post("/portal-api/products/" + std::to_string(made["ID"].get<long long>()) + "/tags",
           {{"Name", "weather"}});
      admin_->put("/portal-api/products/" + std::to_string(made["ID"].get<long long>()),
                  {{"Catalogues", {open}}});
    }
  }
  Browser owner = signed_in("olive");
  auto first = owner.get("/admin/products");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(mentions(first, "All products (23)"));
  EXPECT_TRUE(mentions(first, ">Product 19</a>"));
  EXPECT_FALSE(mentions(first, ">Product 20</a>"));
  EXPECT_TRUE(mentions(first, "none: only owners see it"));
  EXPECT_TRUE(mentions(first, "rel=\"next\""));
  auto second = owner.get("/admin/products?page=2");
  EXPECT_TRUE(mentions(second, ">Product 22</a>"));
  EXPECT_TRUE(mentions(second, "rel=\"prev\""));

  auto found = owner.get("/admin/products?search=duct+1");
  EXPECT_TRUE(mentions(found, "Matching products (10)")) << found.body;
  auto in_open = owner.get("/admin/products?catalogue=" + std::to_string(open));
  EXPECT_TRUE(mentions(in_open, "Matching products (2)"));
  auto tagged = owner.get("/admin/products?tag=weather");
  EXPECT_TRUE(mentions(tagged, "Matching products (1)"));
  EXPECT_TRUE(mentions(tagged, ">Product 05</a>"));
  auto docs = owner.get("/admin/products?kind=documentation");
  EXPECT_TRUE(mentions(docs, "Matching products (1)"));
  EXPECT_TRUE(mentions(docs, ">Product 04</a>"));
  EXPECT_TRUE(mentions(owner.get("/admin/products?kind=apis"), "Matching products (22)"));
  auto none = owner.get("/admin/products?search=nothing-like-it");
  EXPECT_TRUE(mentions(none, "No product matches these filters."));
  EXPECT_EQ(owner.get("/admin/products?kind=other").status, 400);
  EXPECT_EQ(owner.get("/admin/products?catalogue=x").status, 400);
}

TEST_F(ProductAdminPagesTest, AnOwnerAddsEditsAndDeletesAProductsApis) {
  auto product = post("/portal-api/products", {{"Name", "payments"}});
  const std::string page = "/admin/products/" + std::to_string(product["ID"].get<long long>());
  Browser owner = signed_in("olive");
  auto shown = owner.get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "No APIs yet"));

  owner.get(page + "/apis/new");
  const long long before = audit_count();
  auto refused =
      owner.post(page + "/apis/new",
                 {{"Name", ""}, {"ListenPath", "no-slash"}, {"TargetURL", "javascript:alert(1)"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"Name-error\""));
  EXPECT_TRUE(mentions(refused, "id=\"ListenPath-error\""));
  EXPECT_TRUE(mentions(refused, "id=\"TargetURL-error\""));
  EXPECT_TRUE(mentions(refused, "<a href=\"#TargetURL\">Target URL:")) << refused.body;
  EXPECT_EQ(audit_count(), before);

  owner.get(page + "/apis/new");
  auto added = owner.post(page + "/apis/new", {{"Name", "Charges"},
                                               {"APIType", "oas"},
                                               {"ListenPath", "/charges/"},
                                               {"TargetURL", "https://charges.internal"},
                                               {"Status", "on"}});
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_TRUE(mentions(owner.get(page), "API “Charges” saved."));
  auto apis = admin_->get("/portal-api/products/" + std::to_string(product["ID"].get<long long>()))
                  .json()["APIDetails"];
  ASSERT_EQ(apis.size(), 1U) << apis.dump();
  EXPECT_EQ(apis[0]["ListenPath"], "/charges/");
  EXPECT_EQ(apis[0]["Status"], true);

  auto edit = owner.get(page + "/apis/1");
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_TRUE(mentions(edit, "value=\"/charges/\""));
  auto changed = owner.post(page + "/apis/1", {{"APIID", apis[0]["APIID"].get<std::string>()},
                                               {"Name", "Charges v2"},
                                               {"ListenPath", "/charges/v2/"}});
  ASSERT_EQ(changed.status, 303) << changed.body;
  apis = admin_->get("/portal-api/products/" + std::to_string(product["ID"].get<long long>()))
             .json()["APIDetails"];
  EXPECT_EQ(apis[0]["Name"], "Charges v2");
  EXPECT_EQ(apis[0]["Status"], false);
  // A crafted form naming an API the product does not have changes nothing.
  owner.get(page + "/apis/1");
  EXPECT_EQ(owner.post(page + "/apis/1", {{"APIID", "other"}, {"Name", "X"}}).status, 404);
  EXPECT_EQ(owner.get(page + "/apis/2").status, 404);
  EXPECT_EQ(owner.get(page + "/apis/0").status, 404);

  auto confirm = owner.get(page + "/apis/1/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the API “Charges v2”?"));
  EXPECT_EQ(owner.post(page + "/apis/1/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get(page), "API “Charges v2” deleted."));
  EXPECT_EQ(admin_->get("/portal-api/products/" + std::to_string(product["ID"].get<long long>()))
                .json()["APIDetails"]
                .size(),
            0U);
}

// The start of a PNG (signature and IHDR chunk): what the magic-byte check reads.
std::string tiny_png() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 21);
  return png + "\x1f\x15\xc4\x89";
}

constexpr const char* kYamlDocument = R"(openapi: 3.0.3
info:
  title: Charges
  version: "1.0"
paths:
  /charges:
    get:
      summary: List charges
      responses:
        "200":
          description: The charges
)";

// An API's OpenAPI document in the Admin Portal: an upload that is not OpenAPI 3 is refused
// beside the file field with nothing stored (the audit log proves it); a good one is stored,
// downloadable as sent, shown on the Live Portal; removed after a confirmation step.
TEST_F(ProductAdminPagesTest, AnOwnerUploadsAnApisOpenApiDocument) {
  const long long open = catalogue("Open");
  auto product = post("/portal-api/products",
                      {{"Name", "payments"},
                       {"Catalogues", {open}},
                       {"APIDetails", {{{"Name", "Charges"}, {"ListenPath", "/charges/"}}}}});
  const std::string id = std::to_string(product["ID"].get<long long>());
  const std::string api = "/admin/products/" + id + "/apis/1";
  Browser owner = signed_in("olive");
  auto shown = owner.get(api);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "No OpenAPI document yet"));
  EXPECT_TRUE(mentions(shown, "enctype=\"multipart/form-data\""));

  const long long before = audit_count();
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"notes.txt", "just some words"},
           {"swagger.json", R"({"swagger": "2.0", "info": {"title": "x", "version": "1"}})"},
           {"broken.json", "{\"openapi\": "},
           {"", ""}}) {
    owner.get(api);
    auto refused = owner.post_file(api + "/openapi", name, bytes, "application/octet-stream");
    EXPECT_EQ(refused.status, 400) << name << ": " << refused.body;
    EXPECT_TRUE(mentions(refused, "id=\"file-error\"")) << name << ": " << refused.body;
    EXPECT_TRUE(mentions(refused, "<a href=\"#file\">File:")) << refused.body;
    EXPECT_TRUE(mentions(refused, "No OpenAPI document yet"));
  }
  EXPECT_EQ(audit_count(), before) << "nothing changed";
  owner.get(api);
  EXPECT_EQ(
      owner.post_file(api + "/openapi", "oas.yaml", kYamlDocument, "application/yaml", {}, false)
          .status,
      403)
      << "the CSRF token is required in a multipart form too";

  owner.get(api);
  auto uploaded = owner.post_file(api + "/openapi", "oas.yaml", kYamlDocument, "application/yaml");
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  EXPECT_EQ(uploaded.header("location").value_or(""), api);
  shown = owner.get(api);
  EXPECT_TRUE(mentions(shown, "OpenAPI document of “Charges” uploaded."));
  EXPECT_TRUE(mentions(shown, "YAML, "));
  EXPECT_TRUE(mentions(shown, "href=\"" + api + "/openapi\""));
  auto download = owner.get(api + "/openapi");
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, kYamlDocument);
  EXPECT_TRUE(download.header("content-disposition").value_or("").find("payments-1.yaml") !=
              std::string::npos);
  auto live = owner.get("/portal/catalogue-products/payments");
  EXPECT_TRUE(mentions(live, "List charges")) << "the reference is rendered from it";

  auto confirm = owner.get(api + "/openapi/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Remove the OpenAPI document of “Charges”?"));
  EXPECT_EQ(owner.get(api + "/openapi").status, 200) << "asking changes nothing";
  EXPECT_EQ(owner.post(api + "/openapi/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get(api), "OpenAPI document of “Charges” removed."));
  EXPECT_EQ(owner.get(api + "/openapi").status, 404);
  EXPECT_EQ(owner.get(api + "/openapi/delete").status, 404);
  EXPECT_EQ(owner.get("/admin/products/" + id + "/apis/2/openapi").status, 404);
}

// A documentation-only product's specifications: added (refusals beside the fields, nothing
// stored), each with its OpenAPI document (refused beside the file field, then stored and shown
// on the Live Portal), deleted after a confirmation step; a product with APIs has none.
TEST_F(ProductAdminPagesTest, AnOwnerDocumentsADocumentationOnlyProductWithSpecifications) {
  const long long open = catalogue("Open");
  auto product = post("/portal-api/products",
                      {{"Name", "guides"}, {"IsDocumentationOnly", true}, {"Catalogues", {open}}});
  const std::string id = std::to_string(product["ID"].get<long long>());
  const std::string page = "/admin/products/" + id;
  Browser owner = signed_in("olive");
  auto shown = owner.get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "No specifications yet"));

  const long long before = audit_count();
  owner.get(page + "/specs/new");
  auto refused = owner.post(page + "/specs/new", {{"SpecAlias", ""}, {"OASUrl", "javascript:x"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"SpecAlias-error\""));
  EXPECT_TRUE(mentions(refused, "id=\"OASUrl-error\""));
  EXPECT_TRUE(mentions(refused, "<a href=\"#SpecAlias\">Spec alias:")) << refused.body;
  EXPECT_EQ(audit_count(), before);

  owner.get(page + "/specs/new");
  auto added = owner.post(page + "/specs/new", {{"SpecAlias", "charges"}, {"Name", "Charges"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const std::string spec = added.header("location").value_or("");
  shown = owner.get(spec);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "Specification “Charges” saved."));
  EXPECT_TRUE(mentions(shown, "No OpenAPI document yet"));
  EXPECT_TRUE(mentions(owner.get(page), ">Charges</a>"));

  const long long before_upload = audit_count();
  owner.get(spec);
  refused = owner.post_file(spec + "/openapi", "x.json", "[1, 2]", "application/json");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(mentions(refused, "id=\"file-error\""));
  EXPECT_EQ(audit_count(), before_upload);
  owner.get(spec);
  ASSERT_EQ(
      owner.post_file(spec + "/openapi", "oas.yaml", kYamlDocument, "application/yaml").status,
      303);
  shown = owner.get(spec);
  EXPECT_TRUE(mentions(shown, "OpenAPI document of “Charges” uploaded."));
  EXPECT_EQ(owner.get(spec + "/openapi").body, kYamlDocument);
  EXPECT_TRUE(mentions(owner.get("/portal/catalogue-products/guides"), "List charges"));
  owner.get(spec);
  EXPECT_EQ(owner.post(spec + "/openapi/delete", {}).status, 303);
  EXPECT_EQ(owner.get(spec + "/openapi").status, 404);

  owner.get(spec);
  ASSERT_EQ(owner.post(spec, {{"SpecAlias", "charges"}, {"Name", "Charges v2"}}).status, 303);
  EXPECT_TRUE(mentions(owner.get(spec), "<h1>Charges v2</h1>"));
  auto confirm = owner.get(spec + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the specification “Charges v2”?"));
  EXPECT_EQ(owner.post(spec + "/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get(page), "Specification “Charges v2” deleted."));
  EXPECT_EQ(owner.get(spec).status, 404);
  EXPECT_EQ(admin_->get("/portal-api/products/" + id + "/spec-details").json().size(), 0U);

  // A product with APIs documents them on their own pages: no specifications here.
  auto with_apis = post("/portal-api/products", {{"Name", "payments"}});
  const std::string other = "/admin/products/" + std::to_string(with_apis["ID"].get<long long>());
  EXPECT_FALSE(mentions(owner.get(other), "Add a specification"));
  owner.get(other + "/specs/new");
  auto not_docs = owner.post(other + "/specs/new", {{"SpecAlias", "x"}});
  EXPECT_EQ(not_docs.status, 400) << not_docs.body;
}

// The docs editor: pages created (refusals beside the fields, nothing stored), edited with a
// preview of the saved Markdown (raw HTML and javascript: links inert), reordered, deleted after
// a confirmation step; the Live Portal shows the published ones in that order.
TEST_F(ProductAdminPagesTest, AnOwnerWritesOrdersAndDeletesDocumentationPages) {
  const long long open = catalogue("Open");
  auto product = post("/portal-api/products", {{"Name", "payments"}, {"Catalogues", {open}}});
  const std::string id = std::to_string(product["ID"].get<long long>());
  const std::string docs = "/admin/products/" + id + "/docs";
  Browser owner = signed_in("olive");
  auto product_page = owner.get("/admin/products/" + id);
  EXPECT_TRUE(mentions(product_page, "0 pages of Markdown"));
  auto empty = owner.get(docs);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(mentions(empty, "No documentation pages yet"));

  const long long before = audit_count();
  owner.get(docs + "/new");
  auto refused = owner.post(docs + "/new", {{"Title", ""}, {"Content", ""}, {"Status", "gone"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  for (const std::string field : {"Title", "Content", "Status"}) {
    EXPECT_TRUE(mentions(refused, "id=\"" + field + "-error\"")) << field << refused.body;
  }
  owner.get(docs + "/new");
  refused = owner.post(docs + "/new",
                       {{"Title", "Big"}, {"Content", std::string(std::size_t{600} * 1024, 'x')}});
  EXPECT_EQ(refused.status, 400) << "a page over 512 KiB";
  EXPECT_TRUE(mentions(refused, "id=\"Content-error\""));
  EXPECT_EQ(audit_count(), before);

  std::vector<std::string> pages;
  for (const std::string title : {"Getting started", "Errors", "Changelog"}) {
    owner.get(docs + "/new");
    auto created = owner.post(docs + "/new", {{"Title", title},
                                              {"Content", "# " + title + "\n\nSome *words*."},
                                              {"Status", "published"},
                                              {"MarkdownEnabled", "on"}});
    ASSERT_EQ(created.status, 303) << created.body;
    pages.push_back(created.header("location").value_or(""));
  }
  EXPECT_TRUE(mentions(owner.get(pages[2]), "Page “Changelog” created."));
  auto shown = owner.get(pages[0]);
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(mentions(shown, "<em>words</em>")) << "the preview renders the Markdown";

  owner.get(pages[1]);
  auto saved =
      owner.post(pages[1], {{"Title", "Errors"},
                            {"Path", "errors"},
                            {"Content", "<script>alert(1)</script>[x](javascript:alert(1))"},
                            {"Status", "draft"},
                            {"MarkdownEnabled", "on"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  shown = owner.get(pages[1]);
  EXPECT_TRUE(mentions(shown, "Page “Errors” saved."));
  EXPECT_FALSE(mentions(shown, "<script>alert(1)")) << shown.body;
  EXPECT_FALSE(mentions(shown, "href=\"javascript:"));
  auto stored = admin_->get("/portal-api/products/" + id + "/docs").json();
  ASSERT_EQ(stored.size(), 3U) << stored.dump();

  // Changelog moves up twice: first.
  auto list = owner.get(docs);
  EXPECT_TRUE(mentions(list, "Draft"));
  EXPECT_EQ(owner.post(pages[2] + "/move", {{"direction", "up"}}).status, 303);
  owner.get(docs);
  EXPECT_EQ(owner.post(pages[2] + "/move", {{"direction", "up"}}).status, 303);
  list = owner.get(docs);
  EXPECT_TRUE(mentions(list, "“Changelog” moved up."));
  EXPECT_LT(list.body.find(">Changelog</a>"), list.body.find(">Getting started</a>"));
  EXPECT_EQ(owner.post(pages[2] + "/move", {{"direction", "up"}}).status, 303);
  EXPECT_TRUE(mentions(owner.get(docs), "“Changelog” is already first."));
  EXPECT_EQ(owner.post(pages[2] + "/move", {{"direction", "sideways"}}).status, 400);
  auto live = owner.get("/portal/catalogue-products/payments");
  EXPECT_LT(live.body.find("Changelog"), live.body.find("Getting started"));
  EXPECT_FALSE(mentions(live, ">Errors<")) << "a draft is not shown";

  auto confirm = owner.get(pages[0] + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Delete the page “Getting started”?"));
  EXPECT_EQ(owner.post(pages[0] + "/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get(docs), "Page “Getting started” deleted."));
  EXPECT_EQ(owner.get(pages[0]).status, 404);
  EXPECT_EQ(admin_->get("/portal-api/products/" + id + "/docs").json().size(), 2U);
  EXPECT_EQ(owner.get(docs + "/999999").status, 404);
  EXPECT_EQ(owner.get("/admin/products/999999/docs").status, 404);
}

// A product's logo and preview: what is not an image is refused beside the file field, nothing
// stored; an image is stored and served; removed after a confirmation step.
TEST_F(ProductAdminPagesTest, AnOwnerUploadsAndRemovesAProductsImages) {
  auto product = post("/portal-api/products", {{"Name", "pictured"}});
  const std::string id = std::to_string(product["ID"].get<long long>());
  const std::string logo = "/admin/products/" + id + "/images/logo";
  Browser owner = signed_in("olive");
  auto page = owner.get("/admin/products/" + id);
  EXPECT_TRUE(mentions(page, "href=\"" + logo + "\""));
  auto shown = owner.get(logo);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(mentions(shown, "No logo yet."));

  const long long before = audit_count();
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"},
           {"notes.png", "not an image at all"},
           {"", ""}}) {
    owner.get(logo);
    auto refused = owner.post_file(logo, name, bytes, "image/png");
    EXPECT_EQ(refused.status, 400) << name << ": " << refused.body;
    EXPECT_TRUE(mentions(refused, "id=\"file-error\"")) << refused.body;
    EXPECT_TRUE(mentions(refused, "<a href=\"#file\">File:"));
  }
  EXPECT_EQ(audit_count(), before);
  EXPECT_EQ(admin_->get("/portal-api/products/" + id + "/logo").status, 404);

  owner.get(logo);
  auto uploaded = owner.post_file(logo, "logo.png", tiny_png(), "image/png");
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  shown = owner.get(logo);
  EXPECT_TRUE(mentions(shown, "Logo uploaded."));
  EXPECT_TRUE(mentions(shown, "image/png, 33 bytes"));
  EXPECT_TRUE(mentions(shown, "src=\"/system/products/" + id + "/logo\""));
  auto served = owner.get("/system/products/" + id + "/logo");
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.body, tiny_png());
  const std::string preview = "/admin/products/" + id + "/images/preview";
  EXPECT_TRUE(mentions(owner.get(preview), "No preview image yet."));
  ASSERT_EQ(owner.post_file(preview, "card.png", tiny_png(), "image/png").status, 303);
  EXPECT_TRUE(mentions(owner.get(preview), "Preview image uploaded."));
  EXPECT_EQ(owner.get("/system/products/" + id + "/preview").body, tiny_png());

  auto confirm = owner.get(logo + "/delete");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(mentions(confirm, "Remove the logo of “pictured”?"));
  EXPECT_EQ(owner.post(logo + "/delete", {}).status, 303);
  EXPECT_TRUE(mentions(owner.get("/admin/products/" + id), "Logo removed."));
  EXPECT_EQ(admin_->get("/portal-api/products/" + id + "/logo").status, 404);
  EXPECT_EQ(owner.get(logo + "/delete").status, 404);
  EXPECT_EQ(owner.get("/admin/products/" + id + "/images/banner").status, 404);
}

TEST_F(ProductAdminPagesTest, OnlyOwnersSeeTheProductPages) {
  auto product = post("/portal-api/products", {{"Name", "payments"}});
  const std::string page = "/admin/products/" + std::to_string(product["ID"].get<long long>());
  for (const std::string name : {"alice", "dave"}) {
    Browser consumer = signed_in(name);
    EXPECT_EQ(consumer.get("/admin/products").status, 404);
    EXPECT_EQ(consumer.get(page).status, 404);
    EXPECT_EQ(consumer.get("/admin/products/new").status, 404);
    EXPECT_EQ(consumer.post("/admin/products/new", {{"Name", "mine"}}).status, 404);
    EXPECT_EQ(consumer.post(page + "/delete", {}).status, 404);
    for (const std::string sub :
         {"/docs", "/docs/new", "/images/logo", "/apis/new", "/specs/new"}) {
      EXPECT_EQ(consumer.get(page + sub).status, 404) << sub;
    }
    consumer.get("/portal/private/dashboard");  // a CSRF token of their own
    EXPECT_EQ(consumer.post(page + "/docs/new", {{"Title", "x"}, {"Content", "y"}}).status, 404);
    EXPECT_EQ(consumer.post_file(page + "/images/logo", "logo.png", tiny_png(), "image/png").status,
              404);
  }
  Browser anonymous(portal_->client());
  EXPECT_EQ(anonymous.get("/admin/products").status, 303);
  EXPECT_EQ(admin_->get("/portal-api/products").json().size(), 1U);
}

}  // namespace
}  // namespace atrium::testing
