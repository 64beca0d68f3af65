// Keyset paging of the user list (UserRepository::list_after), on both databases: walking every
// page by after_id gives the pages OFFSET gives, under every filter, with the filter's total on
// each; a walk that users are deleted and created during misses and repeats no one.
#include <algorithm>
#include <string>
#include <vector>

#include "contract_fixture.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "store/bulk_seed.hpp"

namespace atrium::contract {
namespace {

using Ids = std::vector<long long>;

class KeysetContract : public ContractTest {
 protected:
  // A seeded directory (a large organisation in departments, small ones with teams, consumer
  // admins and members, some inactive) and API Owners created by the repositories.
  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped()) return;
    auto report = seed_small_directory(160, 60);
    ASSERT_TRUE(report) << why(report);
    report_ = *report;
    make_user(new_user("owner@example.com", Role::kSuperAdmin));
    NewUser inactive = new_user("provider@example.com", Role::kProviderAdmin);
    inactive.active = false;
    make_user(inactive);
  }

  Result<PageOf<User>> list(const UserFilter& filter, const PageRequest& page) {
    return db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().list(filter, page); });
  }

  Result<PageOf<User>> list_after(const UserFilter& filter, const KeysetPage& page) {
    return db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::UserRepository>().list_after(filter, page); });
  }

  // Every page by OFFSET, as id lists.
  std::vector<Ids> offset_pages(const UserFilter& filter, long long per_page, long long& total) {
    std::vector<Ids> pages;
    for (long long number = 1;; ++number) {
      auto page = list(filter, PageRequest{number, per_page});
      EXPECT_TRUE(page) << why(page);
      if (!page || page->items.empty()) break;
      total = page->total;
      EXPECT_EQ(page->more, number * per_page < page->total) << "page " << number;
      pages.push_back(ids_of(page->items));
      if (number > 1000) {
        ADD_FAILURE() << "no end";
        break;
      }
    }
    return pages;
  }

  // Every page by keyset, from after_id 0 to the first page that says no more follow; each page's
  // total must be `total`.
  std::vector<Ids> keyset_pages(const UserFilter& filter, long long per_page, long long total) {
    std::vector<Ids> pages;
    long long after = 0;
    for (int guard = 0; guard < 1000; ++guard) {
      auto page = list_after(filter, KeysetPage{after, per_page});
      EXPECT_TRUE(page) << why(page);
      if (!page) break;
      EXPECT_EQ(page->total, total) << "after " << after;
      if (page->items.empty()) {
        EXPECT_EQ(after, 0) << "an empty page after one that said more follow";
        break;
      }
      pages.push_back(ids_of(page->items));
      if (!page->more) break;
      EXPECT_EQ(static_cast<long long>(page->items.size()), per_page) << "more after a short page";
      EXPECT_GT(page->items.front().id, after);
      after = page->items.back().id;
    }
    return pages;
  }

  std::optional<Organisation> large_organisation() {
    auto orgs = db().read_result([&](Transaction& tx) {
      return tx.get<atrium::OrganisationRepository>().list(PageRequest{1, 100});
    });
    EXPECT_TRUE(orgs) << why(orgs);
    if (!orgs) return std::nullopt;
    for (const Organisation& org : orgs->items) {
      if (org.name.starts_with("Large Org")) return org;
    }
    ADD_FAILURE() << "no large organisation";
    return std::nullopt;
  }

  store::SeedReport report_;
};

TEST_P(KeysetContract, EveryPageByAfterIdIsThePageByOffsetUnderEveryFilter) {
  const auto large = large_organisation();
  ASSERT_TRUE(large);
  const auto teams = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().list_for_organisation(large->id);
  });
  ASSERT_TRUE(teams && teams->size() > 2) << why(teams);
  const auto member = find_email(report_.large_org_user);
  ASSERT_TRUE(member);

  std::vector<std::pair<std::string, UserFilter>> filters;
  filters.emplace_back("everyone", UserFilter{});
  const auto add = [&](const std::string& name, auto&& set) {
    UserFilter filter;
    set(filter);
    filters.emplace_back(name, filter);
  };
  add("organisation", [&](UserFilter& f) { f.organisation_id = large->id; });
  add("organisation, active", [&](UserFilter& f) {
    f.organisation_id = large->id;
    f.active = true;
  });
  add("team", [&](UserFilter& f) { f.team_id = (*teams)[1].id; });
  add("team, active", [&](UserFilter& f) {
    f.team_id = (*teams)[0].id;
    f.active = true;
  });
  add("sharing a team", [&](UserFilter& f) { f.sharing_team_with = member->id; });
  add("sharing a team, role", [&](UserFilter& f) {
    f.sharing_team_with = member->id;
    f.role = Role::kConsumerTeamMember;
  });
  add("search", [&](UserFilter& f) { f.search = "a"; });
  add("search, role", [&](UserFilter& f) {
    f.search = "M";
    f.role = Role::kConsumerTeamMember;
  });
  add("empty search", [&](UserFilter& f) { f.search = ""; });
  add("email", [&](UserFilter& f) { f.email = report_.middle_user_email; });
  add("role", [&](UserFilter& f) { f.role = Role::kConsumerAdmin; });
  add("role, active", [&](UserFilter& f) {
    f.role = Role::kConsumerTeamMember;
    f.active = true;
  });
  add("inactive", [&](UserFilter& f) { f.active = false; });
  add("nobody", [&](UserFilter& f) {
    f.role = Role::kSuperAdmin;
    f.active = false;
  });

  for (const auto& [name, filter] : filters) {
    for (const long long per_page : {1LL, 7LL, 20LL}) {
      SCOPED_TRACE(name + ", per_page " + std::to_string(per_page));
      long long total = 0;
      const std::vector<Ids> by_offset = offset_pages(filter, per_page, total);
      const std::vector<Ids> by_keyset = keyset_pages(filter, per_page, total);
      EXPECT_EQ(by_keyset, by_offset);
      long long listed = 0;
      for (const Ids& page : by_keyset) listed += static_cast<long long>(page.size());
      EXPECT_EQ(listed, total);
    }
  }
  // The filters were not all trivially small or empty.
  long long everyone = 0;
  offset_pages(UserFilter{}, 100, everyone);
  EXPECT_EQ(everyone, 162);
}

TEST_P(KeysetContract, AfterIdStartsAfterAnyIdAndKeepsTheTotal) {
  UserFilter everyone;
  auto all = list(everyone, PageRequest{1, 100});
  ASSERT_TRUE(all) << why(all);
  const Ids first_page = ids_of(all->items);

  // after_id 0 is the first page; after an id that is gone, the page starts at the next one.
  auto from_start = list_after(everyone, KeysetPage{0, 100});
  ASSERT_TRUE(from_start) << why(from_start);
  EXPECT_EQ(ids_of(from_start->items), first_page);
  const UserId gone = first_page[10];
  auto removed = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::UserRepository>().remove(gone); });
  ASSERT_TRUE(removed && *removed) << why(removed);
  auto after_gone = list_after(everyone, KeysetPage{gone, 3});
  ASSERT_TRUE(after_gone) << why(after_gone);
  EXPECT_EQ(ids_of(after_gone->items), (Ids{first_page[11], first_page[12], first_page[13]}));
  EXPECT_EQ(after_gone->total, 161);

  // Past the last id: no users, the total still the filter's.
  auto past = list_after(everyone, KeysetPage{1'000'000'000'000LL, 20});
  ASSERT_TRUE(past) << why(past);
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->total, 161);
  UserFilter admins;
  admins.role = Role::kConsumerAdmin;
  auto past_admins = list_after(admins, KeysetPage{1'000'000'000'000LL, 20});
  auto admin_total = list(admins, PageRequest{1, 1});
  ASSERT_TRUE(past_admins && admin_total);
  EXPECT_TRUE(past_admins->items.empty());
  EXPECT_EQ(past_admins->total, admin_total->total);
  EXPECT_GT(admin_total->total, 0);
}

TEST_P(KeysetContract, BadPagesAreRefusedNamingTheField) {
  auto negative = list_after(UserFilter{}, KeysetPage{-1, 20});
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(negative.error().fields.size(), 1U);
  EXPECT_EQ(negative.error().fields[0].field, "after_id");
  auto empty = list_after(UserFilter{}, KeysetPage{0, 0});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(empty.error().fields.size(), 1U);
  EXPECT_EQ(empty.error().fields[0].field, "per_page");
  UserFilter bad_search;
  bad_search.search = "\xff";
  auto malformed = list_after(bad_search, KeysetPage{0, 20});
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument);
}

// Users deleted and created between pages: a keyset walk lists every user that was there
// throughout exactly once, none that was deleted before its page, and the new ones (higher ids)
// at the end. (OFFSET would skip a user for each one deleted from an earlier page.)
TEST_P(KeysetContract, AWalkWithDeletionsBetweenPagesMissesAndRepeatsNoOne) {
  const auto large = large_organisation();
  ASSERT_TRUE(large);
  for (const bool organisation : {false, true}) {
    SCOPED_TRACE(organisation ? "organisation" : "everyone");
    UserFilter filter;
    if (organisation) filter.organisation_id = large->id;
    long long total = 0;
    const std::vector<Ids> before = offset_pages(filter, 100, total);
    Ids expected;
    for (const Ids& page : before) expected.insert(expected.end(), page.begin(), page.end());
    ASSERT_GT(expected.size(), 40U);

    const long long per_page = 10;
    Ids walked;
    long long after = 0;
    int page_number = 0;
    for (;;) {
      auto page = list_after(filter, KeysetPage{after, per_page});
      ASSERT_TRUE(page) << why(page);
      const Ids ids = ids_of(page->items);
      walked.insert(walked.end(), ids.begin(), ids.end());
      EXPECT_EQ(page->total, static_cast<long long>(expected.size()));
      if (static_cast<long long>(ids.size()) < per_page) break;
      after = ids.back();
      if (++page_number <= 2) {
        // Between pages: delete a user already listed and one not listed yet (the second of the
        // next page), and add one that sorts after everyone.
        const UserId seen = ids.front();
        const auto at = std::find(expected.begin(), expected.end(), after);
        ASSERT_TRUE(at != expected.end() && at + 2 < expected.end());
        const UserId unseen = *(at + 2);
        for (const UserId id : {seen, unseen}) {
          auto removed = db().write_result(
              [&](Transaction& tx) { return tx.get<atrium::UserRepository>().remove(id); });
          ASSERT_TRUE(removed && *removed) << why(removed);
        }
        expected.erase(std::find(expected.begin(), expected.end(), seen));
        expected.erase(std::find(expected.begin(), expected.end(), unseen));
        NewUser added = new_user("added-" + std::to_string(organisation) + "-" +
                                 std::to_string(page_number) + "@example.com");
        if (organisation) added.organisation_id = large->id;
        expected.push_back(make_user(added).id);
      }
    }
    // Deleted after they were listed, the first users still appear in the walk, once.
    Ids listed_once = walked;
    std::sort(listed_once.begin(), listed_once.end());
    EXPECT_EQ(std::adjacent_find(listed_once.begin(), listed_once.end()), listed_once.end());
    Ids still_there;
    for (const UserId id : walked) {
      if (std::find(expected.begin(), expected.end(), id) != expected.end()) {
        still_there.push_back(id);
      }
    }
    EXPECT_EQ(still_there, expected);
    EXPECT_EQ(walked.size(), expected.size() + 2);  // the two deleted after being listed
    EXPECT_TRUE(std::is_sorted(walked.begin(), walked.end()));
  }
}

ATRIUM_CONTRACT_BACKENDS(KeysetContract);

}  // namespace
}  // namespace atrium::contract
