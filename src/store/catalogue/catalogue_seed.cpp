#include "store/catalogue/catalogue_seed.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/encoding.hpp"
#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

constexpr std::array<const char*, 12> kTopics = {"Payments", "Ledger",    "Identity", "Weather",
                                                 "Shipping", "Search",    "Messages", "Invoices",
                                                 "Maps",     "Analytics", "Storage",  "Pricing"};
constexpr std::array<const char*, 8> kTags = {"finance", "beta",     "internal", "partner",
                                              "public",  "realtime", "batch",    "deprecated"};

struct AudienceTarget {
  long long organisation = 0;
  std::optional<long long> team;
};

// The largest organisations, then some non-default teams, as audience entries.
std::vector<AudienceTarget> audience_targets(soci::session& session,
                                             const CatalogueSeedPlan& plan) {
  std::vector<AudienceTarget> out;
  long long organisation = 0;
  long long team = 0;
  {
    soci::statement st = (session.prepare << "SELECT organisation_id FROM users WHERE "
                                             "organisation_id IS NOT NULL GROUP BY organisation_id "
                                             "ORDER BY COUNT(*) DESC, organisation_id LIMIT "
                                          << plan.large_organisations,
                          soci::into(organisation));
    st.execute();
    while (st.fetch()) out.push_back({organisation, std::nullopt});
  }
  soci::statement st = (session.prepare << "SELECT id, organisation_id FROM teams WHERE "
                                           "is_default = FALSE ORDER BY id LIMIT "
                                        << plan.team_catalogues,
                        soci::into(team), soci::into(organisation));
  st.execute();
  while (st.fetch()) out.push_back({organisation, team});
  return out;
}

// `index`-th product: 1 to 3 APIs, up to 2 tags, one page of docs.
Status add_product(Transaction& tx, long long index, CatalogueId catalogue, ProviderId provider,
                   TimePoint now) {
  auto& products = tx.get<ProductRepository>();
  const std::string topic = kTopics[static_cast<std::size_t>(index) % kTopics.size()];
  const std::string name = "seed-" + std::to_string(index) + "-" + ascii_lower(topic);
  NewProduct product;
  product.cid = "seed-product-" + std::to_string(index);
  product.provider_id = provider;
  product.fields.name = name;
  product.fields.display_name = topic + " API " + std::to_string(index);
  product.fields.path = name;
  product.fields.description = "The " + topic + " API: a seeded product for benchmarks.";
  ATRIUM_ASSIGN_OR_RETURN(auto made, products.create(product, now));
  ATRIUM_TRY(products.set_catalogues(made.id, {catalogue}));
  std::vector<ProductApi> apis(static_cast<std::size_t>(1 + index % 3));
  for (std::size_t i = 0; i < apis.size(); ++i) {
    apis[i].api_id = name + "-v" + std::to_string(i + 1);
    apis[i].name = topic + " v" + std::to_string(i + 1);
    apis[i].listen_path = "/" + name + "/v" + std::to_string(i + 1) + "/";
  }
  ATRIUM_TRY(products.replace_apis(made.id, apis));
  for (long long t = 0; t < index % 3; ++t) {
    ATRIUM_TRY(
        products.add_tag(made.id, kTags[static_cast<std::size_t>(index + t) % kTags.size()]));
  }
  ProductDocFields doc;
  doc.title = "Getting started";
  doc.path = "getting-started";
  doc.content = "# " + topic + "\n\nSend your key in the `Authorization` header.\n";
  return tx.get<ProductDocRepository>().create(made.id, doc, now).transform([](auto&&) {});
}

}  // namespace

Result<CatalogueSeedReport> seed_catalogue(SociDatabase& db, const CatalogueSeedPlan& plan) {
  if (plan.products < 0 || plan.public_catalogues < 1 || plan.large_organisations < 0 ||
      plan.team_catalogues < 0) {
    return fail(invalid_argument("seed.invalid", "the catalogue seed plan is out of range"));
  }
  CatalogueSeedReport report;
  const TimePoint now = SystemClock().now();
  const Status written = db.write([&](Transaction& tx) -> Status {
    auto& soci_tx = static_cast<SociTransaction&>(tx);
    ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<ProviderRepository>().built_in());
    auto& catalogues = tx.get<CatalogueRepository>();
    std::vector<CatalogueId> ids;
    for (long long i = 0; i < plan.public_catalogues; ++i) {
      const std::string name = "Public APIs " + std::to_string(i + 1);
      ATRIUM_ASSIGN_OR_RETURN(
          auto c,
          catalogues.create(
              "seed-public-" + std::to_string(i),
              {name, "public-apis-" + std::to_string(i + 1), CatalogueVisibility::kPublic}, now));
      ids.push_back(c.id);
    }
    long long n = 0;
    for (const AudienceTarget& target : audience_targets(soci_tx.session(), plan)) {
      const std::string name = "Private " + std::to_string(++n);
      ATRIUM_ASSIGN_OR_RETURN(
          auto c, catalogues.create(
                      "seed-private-" + std::to_string(n),
                      {name, "private-" + std::to_string(n), CatalogueVisibility::kPrivate}, now));
      ATRIUM_TRY(catalogues.add_audience({c.id, target.organisation, target.team, ""}, now));
      ids.push_back(c.id);
    }
    for (std::size_t c = 0; c < ids.size(); ++c) {
      for (const auto& [suffix, rate] : {std::pair{"free", 10LL}, std::pair{"pro", 1000LL}}) {
        PlanFields plan_fields;
        plan_fields.name = "seed-" + std::to_string(c + 1) + "-" + suffix;
        plan_fields.display_name = std::string(suffix) + " " + std::to_string(c + 1);
        plan_fields.rate_limit = rate;
        plan_fields.per = 60;
        ATRIUM_ASSIGN_OR_RETURN(
            auto p, tx.get<PlanRepository>().create("seed-plan-" + plan_fields.name, provider.id,
                                                    plan_fields, now));
        ATRIUM_TRY(tx.get<PlanRepository>().set_catalogues(p.id, {ids[c]}));
        ++report.plans;
      }
    }
    for (long long i = 0; i < plan.products; ++i) {
      ATRIUM_TRY(
          add_product(tx, i + 1, ids[static_cast<std::size_t>(i) % ids.size()], provider.id, now));
    }
    report.catalogues = static_cast<long long>(ids.size());
    report.products = plan.products;
    return ok();
  });
  if (!written) return fail(written.error());
  return report;
}

}  // namespace atrium::store
