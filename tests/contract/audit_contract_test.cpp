// The audit log part of the storage contract, on every backend.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/audit/audit_repository.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace {

using atrium::AuditEvent;
using atrium::AuditEventId;
using atrium::AuditFilter;
using atrium::ErrorCode;
using atrium::PageOf;
using atrium::PageRequest;
using atrium::Status;
using atrium::TimePoint;
using atrium::Transaction;
using atrium::contract::describe;
using atrium::contract::ids_of;
using atrium::contract::why;
using namespace std::chrono_literals;

using Ids = std::vector<long long>;

class AuditContract : public atrium::contract::ContractTest {
 protected:
  AuditEventId append(const AuditEvent& event) {
    auto id = db().write_result(
        [&](Transaction& tx) { return tx.get<atrium::AuditRepository>().append(event); });
    EXPECT_TRUE(id) << why(id);
    return id ? *id : 0;
  }

  PageOf<AuditEvent> list(const AuditFilter& filter, PageRequest page = {1, 100}) {
    auto listed = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::AuditRepository>().list(filter, page); });
    EXPECT_TRUE(listed) << why(listed);
    return listed ? *listed : PageOf<AuditEvent>{};
  }

  // The ids a filter selects (all on one page, whose total must agree), newest first.
  Ids ids(const AuditFilter& filter) {
    const auto page = list(filter);
    EXPECT_EQ(page.total, static_cast<long long>(page.items.size()));
    return ids_of(page.items);
  }

  static AuditEvent event(TimePoint at, std::optional<long long> actor, const std::string& action,
                          const std::string& target_type, const std::string& target_id,
                          std::optional<long long> organisation) {
    AuditEvent e;
    e.occurred_at = at;
    e.actor_id = actor;
    e.actor_email = actor ? "actor" + std::to_string(*actor) + "@example.com" : "";
    e.actor_role = actor ? "super-admin" : "system";
    e.action = action;
    e.target_type = target_type;
    e.target_id = target_id;
    e.organisation_id = organisation;
    e.source_address = "192.0.2.7";
    e.changes = R"({"Email":"new@example.com","Password":"changed"})";
    return e;
  }
};

// Five events; the second and third happen in the same millisecond.
class AuditListContract : public AuditContract {
 protected:
  void SetUp() override {
    AuditContract::SetUp();
    if (IsSkipped()) return;
    t0_ = clock_.now();
    e1_ = append(event(t0_, 1, "user.create", "user", "10", 5));
    e2_ = append(event(t0_ + 1s, 1, "user.update", "user", "10", 5));
    e3_ = append(event(t0_ + 1s, 2, "organisation.create", "organisation", "5", 5));
    e4_ = append(event(t0_ + 2s, std::nullopt, "user.create", "user", "11", std::nullopt));
    e5_ = append(event(t0_ + 3s, 2, "team.delete", "team", "10", 6));
  }

  TimePoint t0_;
  AuditEventId e1_ = 0, e2_ = 0, e3_ = 0, e4_ = 0, e5_ = 0;
};

TEST_P(AuditContract, AppendsAndReadsBackEveryField) {
  const TimePoint at = clock_.now();
  const AuditEventId first = append(event(at, 7, "user.update", "user", "42", 3));
  const AuditEventId second =
      append(event(at + 1ms, std::nullopt, "user.create", "user", "43", std::nullopt));
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);

  const auto page = list({});
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.total, 2);
  const AuditEvent& system = page.items[0];
  EXPECT_EQ(system.id, second);
  EXPECT_FALSE(system.actor_id.has_value());
  EXPECT_FALSE(system.organisation_id.has_value());
  EXPECT_EQ(system.actor_role, "system");
  const AuditEvent& update = page.items[1];
  EXPECT_EQ(update.id, first);
  EXPECT_EQ(update.occurred_at, at);
  EXPECT_EQ(update.actor_id, std::optional<long long>(7));
  EXPECT_EQ(update.actor_email, "actor7@example.com");
  EXPECT_EQ(update.actor_role, "super-admin");
  EXPECT_EQ(update.action, "user.update");
  EXPECT_EQ(update.target_type, "user");
  EXPECT_EQ(update.target_id, "42");
  EXPECT_EQ(update.organisation_id, std::optional<long long>(3));
  EXPECT_EQ(update.source_address, "192.0.2.7");
  EXPECT_EQ(update.changes, R"({"Email":"new@example.com","Password":"changed"})");
}

TEST_P(AuditContract, AnEventIsPartOfItsTransaction) {
  const Status status = db().write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<atrium::AuditRepository>().append(
        event(clock_.now(), 1, "user.delete", "user", "9", 1)));
    return atrium::fail(atrium::conflict("test.abort", "the change failed"));
  });
  ASSERT_FALSE(status);
  EXPECT_TRUE(ids({}).empty());
}

TEST_P(AuditListContract, ListsNewestFirst) {
  // Same time: the later id first.
  EXPECT_EQ(ids({}), (Ids{e5_, e4_, e3_, e2_, e1_}));
}

TEST_P(AuditListContract, FiltersByEachField) {
  AuditFilter filter;
  filter.actor_id = 1;
  EXPECT_EQ(ids(filter), (Ids{e2_, e1_}));
  filter.actor_id = 2;
  EXPECT_EQ(ids(filter), (Ids{e5_, e3_}));
  filter.actor_id = 99;
  EXPECT_EQ(ids(filter), Ids{});

  filter = {};
  filter.action = "user.create";
  EXPECT_EQ(ids(filter), (Ids{e4_, e1_}));

  filter = {};
  filter.target_type = "user";
  EXPECT_EQ(ids(filter), (Ids{e4_, e2_, e1_}));

  filter = {};
  filter.target_id = "10";  // a user and a team
  EXPECT_EQ(ids(filter), (Ids{e5_, e2_, e1_}));
  filter.target_type = "user";
  EXPECT_EQ(ids(filter), (Ids{e2_, e1_}));

  filter = {};
  filter.organisation_id = 5;
  EXPECT_EQ(ids(filter), (Ids{e3_, e2_, e1_}));
}

TEST_P(AuditListContract, FiltersByTimeRange) {
  AuditFilter filter;
  filter.from = t0_ + 1s;  // inclusive
  EXPECT_EQ(ids(filter), (Ids{e5_, e4_, e3_, e2_}));
  filter = {};
  filter.until = t0_ + 2s;  // exclusive
  EXPECT_EQ(ids(filter), (Ids{e3_, e2_, e1_}));
  filter.from = t0_ + 1s;
  EXPECT_EQ(ids(filter), (Ids{e3_, e2_}));
  filter.from = t0_ + 10s;
  filter.until = t0_ + 20s;
  EXPECT_EQ(ids(filter), Ids{});
}

TEST_P(AuditListContract, CombinesFiltersWithAnd) {
  AuditFilter filter;
  filter.actor_id = 2;
  filter.from = t0_ + 2s;
  EXPECT_EQ(ids(filter), Ids{e5_});

  filter = {};
  filter.action = "user.create";
  filter.organisation_id = 5;
  EXPECT_EQ(ids(filter), Ids{e1_});

  filter = {};
  filter.actor_id = 1;
  filter.target_type = "user";
  filter.target_id = "10";
  filter.action = "user.update";
  filter.organisation_id = 5;
  filter.from = t0_;
  filter.until = t0_ + 2s;
  EXPECT_EQ(ids(filter), Ids{e2_});
  filter.action = "user.delete";
  EXPECT_EQ(ids(filter), Ids{});
}

TEST_P(AuditListContract, PagesCarryTheTotal) {
  const auto page = [&](const AuditFilter& filter, long long number, long long size) {
    return list(filter, PageRequest{number, size});
  };
  const auto first = page({}, 1, 2);
  EXPECT_EQ(ids_of(first.items), (Ids{e5_, e4_}));
  EXPECT_EQ(first.total, 5);
  EXPECT_EQ(ids_of(page({}, 2, 2).items), (Ids{e3_, e2_}));
  EXPECT_EQ(ids_of(page({}, 3, 2).items), Ids{e1_});
  const auto beyond = page({}, 4, 2);
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 5);

  AuditFilter target;
  target.target_id = "10";
  const auto second = page(target, 2, 2);
  EXPECT_EQ(ids_of(second.items), Ids{e1_});
  EXPECT_EQ(second.total, 3);

  const auto refused = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::AuditRepository>().list({}, PageRequest{1, 0});
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << describe(refused.error());
}

ATRIUM_CONTRACT_BACKENDS(AuditContract);
ATRIUM_CONTRACT_BACKENDS(AuditListContract);

}  // namespace
