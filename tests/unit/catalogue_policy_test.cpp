// The catalogue visibility rule (DESIGN §1, §9) as a table: who sees a catalogue, and so its
// products, plans and docs.

#include "domain/policy/catalogue_policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using atrium::CatalogueVisibility;
using atrium::policy::AudienceEntry;
using atrium::policy::can_see;
using atrium::policy::can_see_content;
using atrium::policy::CatalogueFacts;
using atrium::policy::Viewer;
using atrium::policy::visible_catalogues;

constexpr long long kAcme = 10;
constexpr long long kGlobex = 20;
constexpr long long kAcmeAll = 11;
constexpr long long kAcmeSales = 12;
constexpr long long kAcmeOps = 13;
constexpr long long kGlobexAll = 21;

CatalogueFacts public_catalogue() { return {CatalogueVisibility::kPublic, {}}; }
CatalogueFacts private_for(std::vector<AudienceEntry> audience) {
  return {CatalogueVisibility::kPrivate, std::move(audience)};
}

struct Row {
  std::string name;
  Viewer viewer;
  CatalogueFacts catalogue;
  bool visible;
};

TEST(CataloguePolicy, Table) {
  const Viewer visitor = Viewer::anonymous();
  const Viewer owner = Viewer::api_owner();
  const Viewer acme_member = Viewer::consumer(kAcme, {kAcmeAll});
  const Viewer acme_sales = Viewer::consumer(kAcme, {kAcmeSales, kAcmeAll});  // unsorted input
  const Viewer acme_two_teams = Viewer::consumer(kAcme, {kAcmeOps, kAcmeSales});
  const Viewer globex_member = Viewer::consumer(kGlobex, {kGlobexAll});
  // A user moved from Acme's sales team to Globex: what is stored now decides.
  const Viewer moved_to_globex = Viewer::consumer(kGlobex, {kGlobexAll});
  const Viewer moved_out_of_sales = Viewer::consumer(kAcme, {kAcmeAll});

  const CatalogueFacts acme_wide = private_for({{kAcme, std::nullopt}});
  const CatalogueFacts acme_sales_only = private_for({{kAcme, kAcmeSales}});
  const CatalogueFacts no_audience = private_for({});  // every entry removed, or its team deleted
  const CatalogueFacts two_entries = private_for({{kGlobex, kGlobexAll}, {kAcme, kAcmeOps}});
  // A team id of Acme under Globex's entry never matches an Acme member.
  const CatalogueFacts mismatched = private_for({{kGlobex, kAcmeSales}});

  const std::vector<Row> rows = {
      {"public: anonymous visitor", visitor, public_catalogue(), true},
      {"public: consumer", acme_member, public_catalogue(), true},
      {"public: owner", owner, public_catalogue(), true},
      {"private org-wide: anonymous visitor", visitor, acme_wide, false},
      {"private org-wide: member of the organisation", acme_member, acme_wide, true},
      {"private org-wide: member of another organisation", globex_member, acme_wide, false},
      {"private org-wide: owner", owner, acme_wide, true},
      {"private team: member of the team", acme_sales, acme_sales_only, true},
      {"private team: other team of the organisation", acme_member, acme_sales_only, false},
      {"private team: user in several teams, one of them", acme_two_teams, acme_sales_only, true},
      {"private team: anonymous visitor", visitor, acme_sales_only, false},
      {"moved to another organisation", moved_to_globex, acme_sales_only, false},
      {"moved out of the team", moved_out_of_sales, acme_sales_only, false},
      {"audience removed: consumer", acme_member, no_audience, false},
      {"audience removed: owner", owner, no_audience, true},
      {"second entry matches", acme_two_teams, two_entries, true},
      {"second entry's team not the viewer's", acme_member, two_entries, false},
      {"team of another organisation under an entry", acme_sales, mismatched, false},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(can_see(row.viewer, row.catalogue), row.visible) << row.name;
  }
}

TEST(CataloguePolicy, ContentIsVisibleThroughAnyVisibleCatalogue) {
  const Viewer member = Viewer::consumer(kAcme, {kAcmeAll});
  const CatalogueFacts hidden = private_for({{kGlobex, std::nullopt}});
  EXPECT_FALSE(can_see_content(member, {})) << "a product in no catalogue";
  EXPECT_FALSE(can_see_content(Viewer::anonymous(), {}));
  EXPECT_TRUE(can_see_content(Viewer::api_owner(), {})) << "owners see everything";
  EXPECT_FALSE(can_see_content(member, {hidden}));
  EXPECT_TRUE(can_see_content(member, {hidden, public_catalogue()}));
  EXPECT_TRUE(can_see_content(member, {hidden, private_for({{kAcme, std::nullopt}})}));
}

TEST(CataloguePolicy, ListingScope) {
  EXPECT_TRUE(visible_catalogues(Viewer::api_owner()).everything);
  const auto visitor = visible_catalogues(Viewer::anonymous());
  EXPECT_FALSE(visitor.everything);
  EXPECT_FALSE(visitor.organisation_id.has_value()) << "visitors get the public catalogues only";
  const auto member = visible_catalogues(Viewer::consumer(kAcme, {kAcmeSales, kAcmeAll}));
  EXPECT_FALSE(member.everything);
  EXPECT_EQ(member.organisation_id, kAcme);
  EXPECT_EQ(member.team_ids, (std::vector<long long>{kAcmeAll, kAcmeSales}));
}

}  // namespace
