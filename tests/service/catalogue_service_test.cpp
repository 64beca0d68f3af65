// The catalogue services without HTTP: only API Owners manage catalogues, products and plans (a
// consumer is told the path does not exist); what consumers see follows the policy; a refused
// change writes nothing.

#include "domain/catalogue/catalogue_service.hpp"

#include <gtest/gtest.h>

#include "domain/catalogue/plan_service.hpp"
#include "domain/catalogue/product_doc_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/freshness/data_versions.hpp"
#include "service/service_fixture.hpp"

namespace atrium::service {
namespace {

class CatalogueServiceTest : public ServiceTest {
 protected:
  CatalogueServiceTest()
      : catalogues_(*db_, random_, clock_),
        products_(*db_, random_, clock_),
        plans_(*db_, random_, clock_),
        docs_(*db_, clock_) {}

  CatalogueView make_catalogue(const std::string& name, const std::string& visibility,
                               std::vector<AudienceInput> audiences = {}) {
    CatalogueInput input;
    input.name = name;
    input.visibility = visibility;
    input.audiences = std::move(audiences);
    auto made = catalogues_.create(owner_, input);
    EXPECT_TRUE(made) << why(made);
    return made ? *made : CatalogueView{};
  }

  ProductRecord make_product(const std::string& name, std::vector<CatalogueId> catalogues) {
    ProductInput input;
    input.name = name;
    input.catalogues = std::move(catalogues);
    auto made = products_.create(owner_, input);
    EXPECT_TRUE(made) << why(made);
    return made ? *made : ProductRecord{};
  }

  // What the response cache checks for catalogue answers (DataSet::kCatalogue).
  long long catalogue_version() {
    auto versions =
        db_->read_result([](Transaction& tx) { return tx.get<DataVersionRepository>().read(); });
    EXPECT_TRUE(versions) << why(versions);
    return versions ? version_of(*versions, DataSet::kCatalogue) : -1;
  }

  std::vector<std::string> visible_names(const Actor* actor) {
    auto page = products_.visible(actor, {}, PageRequest{1, 100});
    EXPECT_TRUE(page) << why(page);
    std::vector<std::string> names;
    if (page) {
      for (const auto& card : page->items) names.push_back(card.product.fields.name);
    }
    return names;
  }

  CatalogueService catalogues_;
  ProductService products_;
  PlanService plans_;
  ProductDocService docs_;
};

TEST_F(CatalogueServiceTest, ConsumersCannotManageAndAreToldThePathDoesNotExist) {
  const auto org = make_organisation("Acme");
  const Actor consumer =
      actor_of(make_user("con@example.com", org.organisation.id, {}, "consumer-admin"));
  CatalogueInput catalogue;
  catalogue.name = "Mine";
  EXPECT_EQ(error_id(catalogues_.create(consumer, catalogue)), "route.not_found");
  ProductInput product;
  product.name = "mine";
  EXPECT_EQ(error_id(products_.create(consumer, product)), "route.not_found");
  PlanInput plan;
  plan.name = "mine";
  EXPECT_EQ(error_id(plans_.create(consumer, plan)), "route.not_found");
  EXPECT_EQ(error_id(products_.list(consumer, PageRequest{})), "route.not_found");
  auto listed = catalogues_.list(owner_, PageRequest{});
  ASSERT_TRUE(listed) << why(listed);
  EXPECT_TRUE(listed->items.empty());
}

TEST_F(CatalogueServiceTest, ConsumersSeeTheirOrganisationsAndTeamsCatalogues) {
  const auto acme = make_organisation("Acme");
  const Team red = make_team(acme.organisation.id, "Red");
  const auto other = make_organisation("Other");
  const Actor in_red = actor_of(make_user("red@example.com", acme.organisation.id, {red.id}));
  const Actor in_acme = actor_of(make_user("acme@example.com", acme.organisation.id));
  const Actor outsider = actor_of(make_user("out@example.com", other.organisation.id));
  const auto open = make_catalogue("Open", "Public");
  const auto red_only = make_catalogue("Red only", "Private", {{acme.organisation.id, red.id}});
  make_product("open", {open.catalogue.id});
  make_product("red", {red_only.catalogue.id});

  EXPECT_EQ(visible_names(nullptr), std::vector<std::string>{"open"});
  EXPECT_EQ(visible_names(&in_red), (std::vector<std::string>{"open", "red"}));
  EXPECT_EQ(visible_names(&in_acme), std::vector<std::string>{"open"});
  EXPECT_EQ(visible_names(&outsider), std::vector<std::string>{"open"});
  EXPECT_EQ(visible_names(&owner_), (std::vector<std::string>{"open", "red"}));
  EXPECT_EQ(error_id(products_.page(&in_acme, "red")), "product.not_found");
  EXPECT_EQ(error_id(products_.page(&in_acme, "missing")), "product.not_found");
  auto page = products_.page(&in_red, "red");
  ASSERT_TRUE(page) << why(page);
  EXPECT_EQ(page->record.catalogues.size(), 1U);
}

TEST_F(CatalogueServiceTest, ARefusedChangeWritesNothing) {
  const auto open = make_catalogue("Open", "Public");
  const long long version = catalogue_version();
  CatalogueInput bad;
  bad.name = "Renamed";
  bad.products = std::vector<ProductId>{12345};
  EXPECT_EQ(error_id(catalogues_.update(owner_, open.catalogue.id, bad)), "catalogue.invalid");
  auto still = catalogues_.get(owner_, open.catalogue.id);
  ASSERT_TRUE(still) << why(still);
  EXPECT_EQ(still->catalogue.name, "Open");
  EXPECT_EQ(catalogue_version(), version) << "nothing was written";

  ProductDocInput doc;
  doc.title = "Page";
  doc.content = "text";
  const auto product = make_product("p", {});
  ASSERT_TRUE(docs_.create(owner_, product.product.id, doc));
  EXPECT_EQ(error_id(docs_.reorder(owner_, product.product.id, {})), "doc.order_invalid");
}

}  // namespace
}  // namespace atrium::service
