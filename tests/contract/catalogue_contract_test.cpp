// The catalogue area's storage (migration 0008) on both databases: catalogues and audiences,
// products with their links, tags, APIs and docs, plans, and the visibility scope the listing
// queries apply, checked against the policy's can_see.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/policy/catalogue_policy.hpp"

namespace {

using atrium::Audience;
using atrium::Catalogue;
using atrium::CatalogueFields;
using atrium::CatalogueRepository;
using atrium::CatalogueVisibility;
using atrium::ErrorCode;
using atrium::NewAudience;
using atrium::NewProduct;
using atrium::PageRequest;
using atrium::PlanFields;
using atrium::PlanRepository;
using atrium::Product;
using atrium::ProductApi;
using atrium::ProductDocFields;
using atrium::ProductDocRepository;
using atrium::ProductFilter;
using atrium::ProductRepository;
using atrium::ProviderRepository;
using atrium::Transaction;
using atrium::contract::why;
namespace policy = atrium::policy;

class CatalogueContract : public atrium::contract::ContractTest {
 protected:
  Catalogue make_catalogue(const std::string& name, CatalogueVisibility visibility) {
    auto created = db().write_result([&](Transaction& tx) {
      return tx.get<CatalogueRepository>().create("cat-" + name, {name, slug(name), visibility},
                                                  clock_.now());
    });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : Catalogue{};
  }

  static std::string slug(std::string name) {
    for (char& c : name) c = c == ' ' ? '-' : static_cast<char>(std::tolower(c));
    return name;
  }

  atrium::Result<Audience> add_audience(long long catalogue, long long organisation,
                                        std::optional<long long> team) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<CatalogueRepository>().add_audience(
          NewAudience{catalogue, organisation, team, ""}, clock_.now());
    });
  }

  Product make_product(const std::string& name, const std::vector<long long>& catalogues) {
    auto created = db().write_result([&](Transaction& tx) -> atrium::Result<Product> {
      ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<ProviderRepository>().built_in());
      NewProduct product;
      product.cid = "product-" + name;
      product.provider_id = provider.id;
      product.fields.name = name;
      product.fields.display_name = "The " + name;
      product.fields.path = slug(name);
      auto& products = tx.get<ProductRepository>();
      ATRIUM_ASSIGN_OR_RETURN(auto made, products.create(product, clock_.now()));
      ATRIUM_TRY(products.set_catalogues(made.id, catalogues));
      return made;
    });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : Product{};
  }

  std::vector<long long> visible_catalogues(const policy::Viewer& viewer) {
    auto list = db().read_result([&](Transaction& tx) {
      return tx.get<CatalogueRepository>().list_visible(policy::visible_catalogues(viewer));
    });
    EXPECT_TRUE(list) << why(list);
    std::vector<long long> ids = list ? atrium::contract::ids_of(*list) : std::vector<long long>{};
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::vector<std::string> visible_products(const policy::Viewer& viewer,
                                            const ProductFilter& filter = {}) {
    auto page = db().read_result([&](Transaction& tx) {
      return tx.get<ProductRepository>().list_visible(policy::visible_catalogues(viewer), filter,
                                                      PageRequest{1, 100});
    });
    EXPECT_TRUE(page) << why(page);
    std::vector<std::string> names;
    if (page) {
      for (const auto& card : page->items) names.push_back(card.product.fields.name);
    }
    return names;
  }
};

TEST_P(CatalogueContract, CataloguesKeepUniqueNamesAndSlugs) {
  const Catalogue first = make_catalogue("Partners", CatalogueVisibility::kPrivate);
  auto same_name = db().write_result([&](Transaction& tx) {
    return tx.get<CatalogueRepository>().create(
        "x", {"PARTNERS", "other", CatalogueVisibility::kPublic}, clock_.now());
  });
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().id, "catalogue.name_taken");
  auto same_slug = db().write_result([&](Transaction& tx) {
    return tx.get<CatalogueRepository>().create(
        "y", {"Other", "partners", CatalogueVisibility::kPublic}, clock_.now());
  });
  ASSERT_FALSE(same_slug);
  EXPECT_EQ(same_slug.error().id, "catalogue.slug_taken");

  auto updated = db().write_result([&](Transaction& tx) {
    return tx.get<CatalogueRepository>().update(
        first.id, {"Partners 2", "partners-2", CatalogueVisibility::kPublic}, clock_.now());
  });
  ASSERT_TRUE(updated) << why(updated);
  EXPECT_EQ(updated->slug, "partners-2");
  EXPECT_EQ(updated->visibility, CatalogueVisibility::kPublic);
}

TEST_P(CatalogueContract, TheDatabaseRefusesAnAudienceTeamOfAnotherOrganisation) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const auto [globex, globex_all] = make_organisation("Globex");
  const Catalogue catalogue = make_catalogue("Private", CatalogueVisibility::kPrivate);

  EXPECT_FALSE(add_audience(catalogue.id, acme.id, globex_all.id));
  EXPECT_FALSE(add_audience(catalogue.id, 999999, std::nullopt));
  ASSERT_TRUE(add_audience(catalogue.id, acme.id, acme_all.id));
  auto duplicate = add_audience(catalogue.id, acme.id, acme_all.id);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().id, "audience.duplicate");
  ASSERT_TRUE(add_audience(catalogue.id, acme.id, std::nullopt));
  auto whole_again = add_audience(catalogue.id, acme.id, std::nullopt);
  ASSERT_FALSE(whole_again);
  EXPECT_EQ(whole_again.error().id, "audience.duplicate");

  auto audiences = db().read_result(
      [&](Transaction& tx) { return tx.get<CatalogueRepository>().audiences(catalogue.id); });
  ASSERT_TRUE(audiences) << why(audiences);
  ASSERT_EQ(audiences->size(), 2u);
  EXPECT_EQ(audiences->front().organisation_name, "Acme");
  EXPECT_EQ(audiences->front().catalogue_name, "Private");
}

TEST_P(CatalogueContract, DeletingATeamRemovesItsAudienceEntryAndNeverOpensTheCatalogue) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const auto sales = make_team(acme.id, "Sales");
  const Catalogue catalogue = make_catalogue("Sales only", CatalogueVisibility::kPrivate);
  ASSERT_TRUE(add_audience(catalogue.id, acme.id, sales.id));
  const auto member = policy::Viewer::consumer(acme.id, {acme_all.id, sales.id});
  EXPECT_EQ(visible_catalogues(member), std::vector<long long>{catalogue.id});

  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    ATRIUM_TRY(tx.get<atrium::TeamRepository>().remove(sales.id));
    return atrium::ok();
  }));
  auto audiences = db().read_result(
      [&](Transaction& tx) { return tx.get<CatalogueRepository>().audiences(catalogue.id); });
  ASSERT_TRUE(audiences) << why(audiences);
  EXPECT_TRUE(audiences->empty());
  EXPECT_TRUE(visible_catalogues(policy::Viewer::consumer(acme.id, {acme_all.id})).empty());
}

// The listing queries show exactly what policy::can_see allows, for every viewer kind.
TEST_P(CatalogueContract, ListingScopeAgreesWithThePolicy) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const auto sales = make_team(acme.id, "Sales");
  const auto [globex, globex_all] = make_organisation("Globex");
  const Catalogue open = make_catalogue("Open", CatalogueVisibility::kPublic);
  const Catalogue whole_acme = make_catalogue("Acme wide", CatalogueVisibility::kPrivate);
  const Catalogue acme_sales = make_catalogue("Acme sales", CatalogueVisibility::kPrivate);
  const Catalogue globex_only = make_catalogue("Globex", CatalogueVisibility::kPrivate);
  const Catalogue nobody = make_catalogue("Nobody", CatalogueVisibility::kPrivate);
  ASSERT_TRUE(add_audience(whole_acme.id, acme.id, std::nullopt));
  ASSERT_TRUE(add_audience(acme_sales.id, acme.id, sales.id));
  ASSERT_TRUE(add_audience(globex_only.id, globex.id, globex_all.id));

  const std::vector<policy::Viewer> viewers = {
      policy::Viewer::anonymous(),
      policy::Viewer::api_owner(),
      policy::Viewer::consumer(acme.id, {acme_all.id}),
      policy::Viewer::consumer(acme.id, {acme_all.id, sales.id}),
      policy::Viewer::consumer(globex.id, {globex_all.id}),
      policy::Viewer::consumer(globex.id, {}),
  };
  const std::vector<Catalogue> all = {open, whole_acme, acme_sales, globex_only, nobody};
  for (std::size_t v = 0; v < viewers.size(); ++v) {
    auto facts = db().read_result([&](Transaction& tx) {
      return tx.get<CatalogueRepository>().facts(atrium::contract::ids_of(all));
    });
    ASSERT_TRUE(facts) << why(facts);
    ASSERT_EQ(facts->size(), all.size());
    std::vector<long long> expected;
    for (std::size_t c = 0; c < all.size(); ++c) {
      if (policy::can_see(viewers[v], (*facts)[c])) expected.push_back(all[c].id);
    }
    EXPECT_EQ(visible_catalogues(viewers[v]), expected) << "viewer " << v;
  }
  EXPECT_EQ(visible_catalogues(policy::Viewer::anonymous()), std::vector<long long>{open.id});
}

TEST_P(CatalogueContract, VisibleProductsFollowTheirCataloguesAndFilters) {
  const auto [acme, acme_all] = make_organisation("Acme");
  const Catalogue open = make_catalogue("Open", CatalogueVisibility::kPublic);
  const Catalogue hidden = make_catalogue("Acme", CatalogueVisibility::kPrivate);
  ASSERT_TRUE(add_audience(hidden.id, acme.id, std::nullopt));
  make_product("payments", {open.id});
  const Product ledger = make_product("ledger_100%", {hidden.id});
  make_product("orphan", {});
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    ATRIUM_TRY(tx.get<ProductRepository>().add_tag(ledger.id, "Finance"));
    ATRIUM_TRY(tx.get<ProductRepository>().add_tag(ledger.id, "finance"));  // the same tag
    return atrium::ok();
  }));

  EXPECT_EQ(visible_products(policy::Viewer::anonymous()), std::vector<std::string>{"payments"});
  const auto member = policy::Viewer::consumer(acme.id, {acme_all.id});
  EXPECT_EQ(visible_products(member), (std::vector<std::string>{"ledger_100%", "payments"}));
  EXPECT_EQ(visible_products(policy::Viewer::api_owner()),
            (std::vector<std::string>{"ledger_100%", "payments"}));
  ProductFilter by_tag;
  by_tag.tag = "FINANCE";
  EXPECT_EQ(visible_products(member, by_tag), std::vector<std::string>{"ledger_100%"});
  ProductFilter by_catalogue;
  by_catalogue.catalogue_id = open.id;
  EXPECT_EQ(visible_products(member, by_catalogue), std::vector<std::string>{"payments"});
  ProductFilter search;
  search.search = "0%";  // LIKE wildcards are matched literally
  EXPECT_EQ(visible_products(member, search), std::vector<std::string>{"ledger_100%"});
  search.search = "THE PAY";  // display names too, case-insensitive
  EXPECT_EQ(visible_products(member, search), std::vector<std::string>{"payments"});

  auto tags = db().read_result(
      [&](Transaction& tx) { return tx.get<ProductRepository>().tags(ledger.id); });
  ASSERT_TRUE(tags) << why(tags);
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ(tags->front().name, "Finance");
}

// The Admin Portal's list: every product, in a catalogue or none, with the same filters.
TEST_P(CatalogueContract, AllProductsPassTheFiltersWhateverTheirCatalogues) {
  const Catalogue open = make_catalogue("Open", CatalogueVisibility::kPublic);
  const Catalogue hidden = make_catalogue("Hidden", CatalogueVisibility::kPrivate);
  make_product("payments", {open.id, hidden.id});
  const Product orphan = make_product("orphan", {});
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    atrium::ProductFields fields = orphan.fields;
    fields.is_documentation_only = true;
    ATRIUM_TRY(tx.get<ProductRepository>().update(orphan.id, fields, clock_.now()));
    ATRIUM_TRY(tx.get<ProductRepository>().add_tag(orphan.id, "Guides"));
    return atrium::ok();
  }));
  auto all = [&](const ProductFilter& filter) {
    auto page = db().read_result([&](Transaction& tx) {
      return tx.get<ProductRepository>().list_all(filter, {1, 100});
    });
    EXPECT_TRUE(page) << why(page);
    std::vector<std::string> names;
    if (page) {
      for (const auto& card : page->items) names.push_back(card.product.fields.name);
      if (!page->items.empty() && page->items[0].product.fields.name == "orphan") {
        EXPECT_TRUE(page->items[0].catalogues.empty());
      }
      EXPECT_EQ(page->total, static_cast<long long>(names.size()));
    }
    return names;
  };
  EXPECT_EQ(all({}), (std::vector<std::string>{"orphan", "payments"}));
  ProductFilter docs;
  docs.documentation_only = true;
  EXPECT_EQ(all(docs), std::vector<std::string>{"orphan"});
  docs.documentation_only = false;
  EXPECT_EQ(all(docs), std::vector<std::string>{"payments"});
  ProductFilter in_hidden;
  in_hidden.catalogue_id = hidden.id;
  EXPECT_EQ(all(in_hidden), std::vector<std::string>{"payments"});
  ProductFilter tagged;
  tagged.tag = "guides";
  EXPECT_EQ(all(tagged), std::vector<std::string>{"orphan"});
  auto cards = db().read_result([&](Transaction& tx) {
    return tx.get<ProductRepository>().list_all({}, {1, 100});
  });
  ASSERT_TRUE(cards) << why(cards);
  ASSERT_EQ(cards->items.size(), 2u);
  EXPECT_EQ(cards->items[1].catalogues.size(), 2u) << "every catalogue, private ones too";
}

TEST_P(CatalogueContract, ProductApisDocsAndDeletion) {
  const Product product = make_product("payments", {});
  std::vector<ProductApi> apis(2);
  apis[0].api_id = "b";
  apis[0].name = "Second by id, first in order";
  apis[0].listen_path = "/pay/";
  apis[1].api_id = "a";
  apis[1].name = "Refunds";
  ASSERT_TRUE(db().write(
      [&](Transaction& tx) { return tx.get<ProductRepository>().replace_apis(product.id, apis); }));
  std::vector<ProductApi> twice(2);
  twice[0].api_id = twice[1].api_id = "same";
  const auto duplicate = db().write(
      [&](Transaction& tx) { return tx.get<ProductRepository>().replace_apis(product.id, twice); });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().id, "product.api_duplicate");
  auto read = db().read_result(
      [&](Transaction& tx) { return tx.get<ProductRepository>().apis(product.id); });
  ASSERT_TRUE(read) << why(read);
  ASSERT_EQ(read->size(), 2u);  // the refused replacement changed nothing
  EXPECT_EQ((*read)[0].api_id, "b");
  EXPECT_EQ((*read)[0].listen_path, "/pay/");

  long long first = 0;
  long long second = 0;
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    auto& docs = tx.get<ProductDocRepository>();
    ProductDocFields page;
    page.title = "Start";
    page.path = "start";
    page.content = "# Start";
    ATRIUM_ASSIGN_OR_RETURN(auto a, docs.create(product.id, page, clock_.now()));
    page.path = "more";
    ATRIUM_ASSIGN_OR_RETURN(auto b, docs.create(product.id, page, clock_.now()));
    first = a.id;
    second = b.id;
    return docs.reorder(product.id, {second, first});
  }));
  auto docs = db().read_result(
      [&](Transaction& tx) { return tx.get<ProductDocRepository>().list(product.id); });
  ASSERT_TRUE(docs) << why(docs);
  EXPECT_EQ(atrium::contract::ids_of(*docs), (std::vector<long long>{second, first}));

  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    ATRIUM_TRY(tx.get<ProductRepository>().remove(product.id));
    return atrium::ok();
  }));
  docs = db().read_result(
      [&](Transaction& tx) { return tx.get<ProductDocRepository>().list(product.id); });
  ASSERT_TRUE(docs) << why(docs);
  EXPECT_TRUE(docs->empty());
}

TEST_P(CatalogueContract, PlansHaveUniqueNamesAndFollowTheirCatalogues) {
  const Catalogue open = make_catalogue("Open", CatalogueVisibility::kPublic);
  PlanFields fields;
  fields.name = "free";
  fields.display_name = "Free";
  fields.rate_limit = 5;
  fields.per = 10;
  fields.metadata_json = R"({"tier":"free"})";
  auto plan = db().write_result([&](Transaction& tx) -> atrium::Result<atrium::Plan> {
    ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<ProviderRepository>().built_in());
    ATRIUM_ASSIGN_OR_RETURN(
        auto made, tx.get<PlanRepository>().create("plan-1", provider.id, fields, clock_.now()));
    ATRIUM_TRY(tx.get<PlanRepository>().set_catalogues(made.id, {open.id}));
    return made;
  });
  ASSERT_TRUE(plan) << why(plan);
  EXPECT_EQ(plan->fields.per, 10);
  EXPECT_EQ(plan->fields.metadata_json, R"({"tier":"free"})");
  auto visible = db().read_result([&](Transaction& tx) {
    return tx.get<PlanRepository>().list_visible(
        policy::visible_catalogues(policy::Viewer::anonymous()));
  });
  ASSERT_TRUE(visible) << why(visible);
  EXPECT_EQ(atrium::contract::ids_of(*visible), std::vector<long long>{plan->id});
  auto taken = db().write_result([&](Transaction& tx) {
    return tx.get<PlanRepository>().create("plan-2", plan->provider_id, fields, clock_.now());
  });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().id, "plan.name_taken");
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
}

ATRIUM_CONTRACT_BACKENDS(CatalogueContract);

}  // namespace
