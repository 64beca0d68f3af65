// Concurrent edits of different fields of one catalogue, plan or product, from two servers (two
// pools) on one database: every edit is kept, on SQLite and PostgreSQL (the services read the row
// locked before merging and writing it back, docs/storage.md).

#include <gtest/gtest.h>

#include <functional>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/auth/actor.hpp"
#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "support/counting_random.hpp"

namespace atrium::contract {
namespace {

struct Server {
  Server(Database& db, const Clock& clock)
      : catalogues(db, random, clock), plans(db, random, clock), products(db, random, clock) {}
  testing::CountingRandom random;
  CatalogueService catalogues;
  PlanService plans;
  ProductService products;
};

class CatalogueConcurrencyContract : public ContractTest {
 protected:
  static constexpr int kRounds = 8;

  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped()) return;
    other_ = open();
    first_ = std::make_unique<Server>(db(), clock_);
    second_ = std::make_unique<Server>(*other_, clock_);
    const User owner = make_user(new_user("owner@example.com", Role::kSuperAdmin));
    actor_ = Actor{owner.id, owner.email, Role::kSuperAdmin, std::nullopt, "127.0.0.1"};
  }

  static void run_together(const std::vector<std::function<void()>>& bodies) {
    std::latch start(static_cast<std::ptrdiff_t>(bodies.size()));
    std::vector<std::thread> threads;
    threads.reserve(bodies.size());
    for (const auto& body : bodies) {
      threads.emplace_back([&start, &body] {
        start.arrive_and_wait();
        body();
      });
    }
    for (auto& t : threads) t.join();
  }

  std::unique_ptr<store::SociDatabase> other_;
  std::unique_ptr<Server> first_;
  std::unique_ptr<Server> second_;
  Actor actor_;
};

TEST_P(CatalogueConcurrencyContract, EditsOfDifferentFieldsAreAllKept) {
  for (int round = 0; round < kRounds; ++round) {
    const std::string n = std::to_string(round);
    CatalogueInput catalogue;
    catalogue.name = "Catalogue " + n;
    auto made = first_->catalogues.create(actor_, catalogue);
    ASSERT_TRUE(made) << why(made);
    PlanInput plan;
    plan.name = "plan-" + n;
    auto made_plan = first_->plans.create(actor_, plan);
    ASSERT_TRUE(made_plan) << why(made_plan);
    ProductInput product;
    product.name = "product-" + n;
    auto made_product = first_->products.create(actor_, product);
    ASSERT_TRUE(made_product) << why(made_product);
    const CatalogueId catalogue_id = made->catalogue.id;
    const PlanId plan_id = made_plan->plan.id;
    const ProductId product_id = made_product->product.id;

    run_together({
        [&] {
          CatalogueInput in;
          in.name = "Renamed " + n;
          EXPECT_TRUE(first_->catalogues.update(actor_, catalogue_id, in));
        },
        [&] {
          CatalogueInput in;
          in.visibility = "Public";
          EXPECT_TRUE(second_->catalogues.update(actor_, catalogue_id, in));
        },
        [&] {
          PlanInput in;
          in.quota = 5;
          in.quota_renewal_rate = 60;
          EXPECT_TRUE(first_->plans.update(actor_, plan_id, in));
        },
        [&] {
          PlanInput in;
          in.description = "described";
          EXPECT_TRUE(second_->plans.update(actor_, plan_id, in));
        },
        [&] {
          ProductInput in;
          in.display_name = "Shown " + n;
          EXPECT_TRUE(first_->products.update(actor_, product_id, in));
        },
        [&] {
          ProductInput in;
          in.description = "about";
          EXPECT_TRUE(second_->products.update(actor_, product_id, in));
        },
    });

    auto c = first_->catalogues.get(actor_, catalogue_id);
    ASSERT_TRUE(c) << why(c);
    EXPECT_EQ(c->catalogue.name, "Renamed " + n) << "round " << round;
    EXPECT_EQ(c->catalogue.visibility, CatalogueVisibility::kPublic) << "round " << round;
    auto p = first_->plans.get(actor_, plan_id);
    ASSERT_TRUE(p) << why(p);
    EXPECT_EQ(p->plan.fields.quota, 5) << "round " << round;
    EXPECT_EQ(p->plan.fields.description, "described") << "round " << round;
    auto r = first_->products.get(actor_, product_id);
    ASSERT_TRUE(r) << why(r);
    EXPECT_EQ(r->product.fields.display_name, "Shown " + n) << "round " << round;
    EXPECT_EQ(r->product.fields.description, "about") << "round " << round;
  }
}

ATRIUM_CONTRACT_BACKENDS(CatalogueConcurrencyContract);

}  // namespace
}  // namespace atrium::contract
