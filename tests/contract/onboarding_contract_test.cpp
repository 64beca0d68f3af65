// Settings, one-time links, invitations, registrations, invite codes and the outbox
// (migration 0004), on every backend.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/mail/outbox_message.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"
#include "domain/settings/settings_repository.hpp"
#include "domain/storage.hpp"

namespace {

using atrium::ErrorCode;
using atrium::Invitation;
using atrium::InvitationFilter;
using atrium::InviteCode;
using atrium::LinkPurpose;
using atrium::NewLink;
using atrium::NewOutboxMessage;
using atrium::OutboxFilter;
using atrium::OutboxMessage;
using atrium::OutboxStatus;
using atrium::PageRequest;
using atrium::Registration;
using atrium::RegistrationFilter;
using atrium::RegistrationState;
using atrium::Result;
using atrium::TimePoint;
using atrium::Transaction;
using atrium::contract::describe;
using atrium::contract::ids_of;
using atrium::contract::why;
using namespace std::chrono_literals;

// "true", "false" or the error, for comparing Result<bool> in assertions.
std::string outcome(const Result<bool>& result) {
  return result ? (*result ? "true" : "false") : describe(result.error());
}

class OnboardingContract : public atrium::contract::ContractTest {
 protected:
  NewOutboxMessage message(const std::string& to) {
    return NewOutboxMessage{"invitation", to, "Welcome ✓", "text body", "<p>html</p>"};
  }

  OutboxMessage enqueue(const std::string& to) {
    auto queued = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::OutboxRepository>().enqueue(message(to), clock_.now());
    });
    EXPECT_TRUE(queued) << why(queued);
    return queued ? *queued : OutboxMessage{};
  }

  std::vector<OutboxMessage> claim(TimePoint now, TimePoint lease_until, int limit) {
    auto claimed = db().write_result([&](Transaction& tx) {
      return tx.get<atrium::OutboxRepository>().claim_due(now, lease_until, limit);
    });
    EXPECT_TRUE(claimed) << why(claimed);
    return claimed ? *claimed : std::vector<OutboxMessage>{};
  }

  OutboxMessage find_message(atrium::OutboxMessageId id) {
    auto found = db().read_result(
        [&](Transaction& tx) { return tx.get<atrium::OutboxRepository>().find(id); });
    EXPECT_TRUE(found && *found) << why(found);
    return found && *found ? **found : OutboxMessage{};
  }

  InviteCode make_code(const std::string& code, long long quota) {
    auto [organisation, team] = make_organisation("Org " + code);
    InviteCode input;
    input.cid = "code-" + code;
    input.code = code;
    input.quota = quota;
    input.team_id = team.id;
    input.organisation_id = organisation.id;
    input.created_at = clock_.now();
    auto created = db().write_result(
        [&](Transaction& tx) { return tx.get<atrium::InviteCodeRepository>().create(input); });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : InviteCode{};
  }
};

TEST_P(OnboardingContract, SettingsAreStoredAndReplaced) {
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    ATRIUM_TRY(tx.get<atrium::SettingsRepository>().put("RegistrationAllow", "true", clock_.now()));
    return tx.get<atrium::SettingsRepository>().put("EmailSMTPHost", "mail.example.com",
                                                    clock_.now());
  }));
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::SettingsRepository>().put("RegistrationAllow", "false", clock_.now());
  }));
  auto all = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::SettingsRepository>().load_all(); });
  ASSERT_TRUE(all) << why(all);
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at("RegistrationAllow"), "false");
  EXPECT_EQ(all->at("EmailSMTPHost"), "mail.example.com");
}

TEST_P(OnboardingContract, LinksAreSingleUseAndVoidedByNewerOnes) {
  const auto user = make_user(new_user("link@example.com"));
  auto create = [&](const std::string& hash, LinkPurpose purpose) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::LinkRepository>().create(
          NewLink{user.id, purpose, hash, clock_.now(), clock_.now() + 1h});
    });
  };
  auto first = create("hash-1", LinkPurpose::kReset);
  ASSERT_TRUE(first) << why(first);
  auto invitation = create("hash-inv", LinkPurpose::kInvitation);
  ASSERT_TRUE(invitation) << why(invitation);
  // A newer reset link voids the older reset link only.
  auto voided = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::LinkRepository>().void_for_user(user.id, LinkPurpose::kReset,
                                                          clock_.now());
  });
  ASSERT_TRUE(voided) << why(voided);
  EXPECT_EQ(*voided, 1);
  auto second = create("hash-2", LinkPurpose::kReset);
  ASSERT_TRUE(second) << why(second);

  auto found = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::LinkRepository>().find_by_hash("hash-1"); });
  ASSERT_TRUE(found && *found) << why(found);
  EXPECT_TRUE((*found)->voided_at.has_value());
  EXPECT_EQ((*found)->purpose, LinkPurpose::kReset);
  auto use = [&](atrium::LinkId id) {
    return db().write_result(
        [&](Transaction& tx) { return tx.get<atrium::LinkRepository>().use(id, clock_.now()); });
  };
  EXPECT_EQ(outcome(use(first->id)), "false");
  EXPECT_EQ(outcome(use(second->id)), "true");
  EXPECT_EQ(outcome(use(second->id)), "false");
  EXPECT_EQ(outcome(use(invitation->id)), "true");
  // Token hashes are unique.
  auto duplicate = create("hash-2", LinkPurpose::kReset);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  auto unknown = db().read_result(
      [](Transaction& tx) { return tx.get<atrium::LinkRepository>().find_by_hash("nope"); });
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(OnboardingContract, InvitationsListPendingByOrganisationAndInviter) {
  auto [organisation, team] = make_organisation("Partners");
  auto admin_input = new_user("admin@partners.example", atrium::Role::kConsumerAdmin);
  admin_input.organisation_id = organisation.id;
  const auto admin = make_user(admin_input);
  std::vector<Invitation> made;
  for (int i = 0; i < 3; ++i) {
    auto input = new_user("invitee" + std::to_string(i) + "@partners.example");
    input.organisation_id = organisation.id;
    input.active = false;
    const auto invitee = make_user(input);
    Invitation invitation;
    invitation.user_id = invitee.id;
    invitation.invited_by = admin.id;
    invitation.organisation_id = organisation.id;
    invitation.created_at = clock_.now();
    invitation.sent_at = clock_.now();
    invitation.expires_at = clock_.now() + 168h;
    auto created = db().write_result(
        [&](Transaction& tx) { return tx.get<atrium::InvitationRepository>().create(invitation); });
    ASSERT_TRUE(created) << why(created);
    made.push_back(*created);
  }
  // One invitation per user.
  auto again = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::InvitationRepository>().create(made[0]); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::InvitationRepository>().mark_accepted(made[1].id, clock_.now());
  }));
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::InvitationRepository>().record_sent(made[2].id, clock_.now() + 1h,
                                                              clock_.now() + 170h);
  }));
  InvitationFilter filter;
  filter.organisation_id = organisation.id;
  auto pending = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::InvitationRepository>().list(filter, PageRequest{1, 20});
  });
  ASSERT_TRUE(pending) << why(pending);
  EXPECT_EQ(ids_of(pending->items), (std::vector<long long>{made[2].id, made[0].id}));
  EXPECT_EQ(pending->total, 2);
  EXPECT_EQ(pending->items[0].expires_at, clock_.now() + 170h);

  filter.pending_only = false;
  filter.invited_by = admin.id;
  auto all = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::InvitationRepository>().list(filter, PageRequest{1, 2});
  });
  ASSERT_TRUE(all) << why(all);
  EXPECT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->total, 3);
  auto accepted = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::InvitationRepository>().find(made[1].id); });
  ASSERT_TRUE(accepted && *accepted) << why(accepted);
  EXPECT_TRUE((*accepted)->accepted_at.has_value());

  // Deleting the inviter keeps the invitation; deleting the invitee removes it.
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().remove(admin.id).map([](bool) {});
  }));
  auto kept = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::InvitationRepository>().find_for_user(made[0].user_id);
  });
  ASSERT_TRUE(kept && *kept) << why(kept);
  EXPECT_FALSE((*kept)->invited_by.has_value());
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::UserRepository>().remove(made[0].user_id).map([](bool) {});
  }));
  auto gone = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::InvitationRepository>().find(made[0].id); });
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
}

TEST_P(OnboardingContract, RegistrationStateChangesOnlyFromTheExpectedState) {
  const auto owner = make_user(new_user("owner@example.com", atrium::Role::kProviderAdmin));
  const auto user = make_user(new_user("self@example.com"));
  Registration input;
  input.user_id = user.id;
  input.created_at = clock_.now();
  auto created = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::RegistrationRepository>().create(input); });
  ASSERT_TRUE(created) << why(created);
  auto change = [&](RegistrationState from, RegistrationState to) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::RegistrationRepository>().change_state(created->id, from, to,
                                                                   clock_.now() + 5min, owner.id);
    });
  };
  EXPECT_EQ(outcome(change(RegistrationState::kPending, RegistrationState::kApproved)), "false");
  EXPECT_EQ(outcome(change(RegistrationState::kUnconfirmed, RegistrationState::kPending)), "true");
  RegistrationFilter pending{RegistrationState::kPending};
  auto listed = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::RegistrationRepository>().list(pending, PageRequest{1, 20});
  });
  ASSERT_TRUE(listed) << why(listed);
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].confirmed_at, std::optional<TimePoint>(clock_.now() + 5min));
  EXPECT_FALSE(listed->items[0].decided_by.has_value());
  EXPECT_EQ(outcome(change(RegistrationState::kPending, RegistrationState::kRejected)), "true");
  EXPECT_EQ(outcome(change(RegistrationState::kPending, RegistrationState::kApproved)), "false");
  auto found = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::RegistrationRepository>().find_for_user(user.id);
  });
  ASSERT_TRUE(found && *found) << why(found);
  EXPECT_EQ((*found)->state, RegistrationState::kRejected);
  EXPECT_EQ((*found)->decided_by, std::optional<long long>(owner.id));
  auto none = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::RegistrationRepository>().list(pending, PageRequest{1, 20});
  });
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, 0);
}

TEST_P(OnboardingContract, InviteCodesCrudAndUniqueCodes) {
  auto code = make_code("0123456789abcdef0123456789abcdef", 3);
  EXPECT_EQ(code.used, 0);
  auto [organisation, default_team] = make_organisation("Another");
  const auto team = make_team(organisation.id, "Partners");
  InviteCode twin = code;
  twin.cid = "another";
  auto duplicate = db().write_result(
      [&](Transaction& tx) { return tx.get<atrium::InviteCodeRepository>().create(twin); });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().id, "invite_code.code_taken");

  code.quota = 5;
  code.active = false;
  code.expires_at = clock_.now() + 24h;
  code.team_id = team.id;
  code.organisation_id = organisation.id;
  auto updated = db().write_result([&](Transaction& tx) {
    return tx.get<atrium::InviteCodeRepository>().update(code, clock_.now() + 1min);
  });
  ASSERT_TRUE(updated) << why(updated);
  EXPECT_EQ(updated->quota, 5);
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->team_id, team.id);
  EXPECT_EQ(updated->expires_at, std::optional<TimePoint>(clock_.now() + 24h));
  auto by_code = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::InviteCodeRepository>().find_by_code("0123456789abcdef0123456789abcdef");
  });
  ASSERT_TRUE(by_code && *by_code) << why(by_code);
  EXPECT_EQ((*by_code)->cid, code.cid);
  auto listed = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::InviteCodeRepository>().list(PageRequest{1, 20});
  });
  ASSERT_TRUE(listed) << why(listed);
  EXPECT_EQ(listed->total, 1);
  // Deleting the team deletes its codes.
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::TeamRepository>().remove(team.id).map([](bool) {});
  }));
  auto gone = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::InviteCodeRepository>().find(code.id); });
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
}

TEST_P(OnboardingContract, InviteCodeConsumeRefusesInactiveExpiredAndFull) {
  auto code = make_code("aa", 2);
  auto consume = [&](TimePoint at) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::InviteCodeRepository>().consume(code.id, at);
    });
  };
  EXPECT_EQ(outcome(consume(clock_.now())), "true");
  EXPECT_EQ(outcome(consume(clock_.now())), "true");
  EXPECT_EQ(outcome(consume(clock_.now())), "false");  // quota reached

  auto second = make_code("bb", 10);
  second.expires_at = clock_.now() + 1h;
  ASSERT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<atrium::InviteCodeRepository>().update(second, clock_.now());
  }));
  auto consume_second = [&](TimePoint at) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<atrium::InviteCodeRepository>().consume(second.id, at);
    });
  };
  EXPECT_EQ(outcome(consume_second(clock_.now() + 59min)), "true");
  EXPECT_EQ(outcome(consume_second(clock_.now() + 1h)), "false");  // expired
  second.expires_at.reset();
  second.active = false;
  ASSERT_TRUE(db().write_result([&](Transaction& tx) {
    return tx.get<atrium::InviteCodeRepository>().update(second, clock_.now());
  }));
  EXPECT_EQ(outcome(consume_second(clock_.now())), "false");  // inactive
}

TEST_P(OnboardingContract, InviteCodeQuotaHoldsUnderConcurrentConsumers) {
  auto code = make_code("cc", 10);
  constexpr int kThreads = 16;
  constexpr int kEach = 4;
  std::atomic<int> taken{0};
  std::vector<std::string> failures(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto database = open();  // every thread its own pool, as separate servers would
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto consumed = database->write_result([&](Transaction& tx) {
          return tx.get<atrium::InviteCodeRepository>().consume(code.id, clock_.now());
        });
        if (!consumed) {
          failures[static_cast<std::size_t>(t)] = describe(consumed.error());
          return;
        }
        if (*consumed) ++taken;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  EXPECT_EQ(taken.load(), 10);
  auto found = db().read_result(
      [&](Transaction& tx) { return tx.get<atrium::InviteCodeRepository>().find(code.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->used, 10);
}

TEST_P(OnboardingContract, OutboxClaimsLeasesAndRecordsOutcomes) {
  const auto a = enqueue("a@example.com");
  clock_.advance(1ms);
  const auto b = enqueue("B@Example.com");
  EXPECT_EQ(a.status, OutboxStatus::kQueued);

  const auto now = clock_.now();
  auto first = claim(now, now + 1min, 1);
  ASSERT_EQ(ids_of(first), (std::vector<long long>{a.id}));
  EXPECT_EQ(first[0].attempts, 1);
  EXPECT_EQ(first[0].text_body, "text body");
  // Leased messages are skipped until the lease ends.
  auto second = claim(now, now + 1min, 10);
  EXPECT_EQ(ids_of(second), (std::vector<long long>{b.id}));
  EXPECT_TRUE(claim(now + 30s, now + 2min, 10).empty());

  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::OutboxRepository>().mark_sent(a.id, now + 1s);
  }));
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::OutboxRepository>().mark_failed(b.id, "smtp.connect_failed: refused",
                                                          now + 10min);
  }));
  const auto sent = find_message(a.id);
  EXPECT_EQ(sent.status, OutboxStatus::kSent);
  EXPECT_EQ(sent.sent_at, std::optional<TimePoint>(now + 1s));
  EXPECT_EQ(sent.text_body, "");  // links do not outlive delivery
  EXPECT_EQ(sent.html_body, "");
  const auto failed = find_message(b.id);
  EXPECT_EQ(failed.status, OutboxStatus::kFailed);
  EXPECT_EQ(failed.last_error, "smtp.connect_failed: refused");
  EXPECT_EQ(failed.text_body, "text body");

  // A failed message is due again at its next attempt, never before.
  EXPECT_TRUE(claim(now + 9min, now + 10min, 10).empty());
  auto retry = claim(now + 10min, now + 11min, 10);
  ASSERT_EQ(ids_of(retry), (std::vector<long long>{b.id}));
  EXPECT_EQ(retry[0].attempts, 2);
  ASSERT_TRUE(db().write([&](Transaction& tx) {
    return tx.get<atrium::OutboxRepository>().mark_abandoned(b.id, "gave up", now + 10min);
  }));
  const auto abandoned = find_message(b.id);
  EXPECT_EQ(abandoned.status, OutboxStatus::kAbandoned);
  EXPECT_EQ(abandoned.text_body, "");
  EXPECT_TRUE(claim(now + 1h, now + 2h, 10).empty());

  OutboxFilter by_recipient;
  by_recipient.recipient = "b@EXAMPLE.com";
  auto listed = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OutboxRepository>().list(by_recipient, PageRequest{1, 20});
  });
  ASSERT_TRUE(listed) << why(listed);
  EXPECT_EQ(ids_of(listed->items), (std::vector<long long>{b.id}));
  OutboxFilter by_status;
  by_status.status = OutboxStatus::kSent;
  auto sent_list = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OutboxRepository>().list(by_status, PageRequest{1, 20});
  });
  ASSERT_TRUE(sent_list) << why(sent_list);
  EXPECT_EQ(sent_list->total, 1);
  auto everything = db().read_result([&](Transaction& tx) {
    return tx.get<atrium::OutboxRepository>().list(OutboxFilter{}, PageRequest{1, 20});
  });
  ASSERT_TRUE(everything);
  EXPECT_EQ(ids_of(everything->items), (std::vector<long long>{b.id, a.id}));  // newest first
}

TEST_P(OnboardingContract, ConcurrentClaimsNeverTakeTheSameMessage) {
  constexpr int kMessages = 60;
  for (int i = 0; i < kMessages; ++i) enqueue("m" + std::to_string(i) + "@example.com");
  constexpr int kClaimers = 4;
  std::vector<std::vector<long long>> claimed(kClaimers);
  std::vector<std::string> failures(kClaimers);
  std::latch start(kClaimers);
  std::vector<std::thread> threads;
  const auto now = clock_.now();
  for (int t = 0; t < kClaimers; ++t) {
    threads.emplace_back([&, t] {
      auto database = open();
      start.arrive_and_wait();
      for (;;) {
        auto batch = database->write_result([&](Transaction& tx) {
          return tx.get<atrium::OutboxRepository>().claim_due(now, now + 10min, 3);
        });
        if (!batch) {
          failures[static_cast<std::size_t>(t)] = describe(batch.error());
          return;
        }
        if (batch->empty()) return;
        for (const auto& m : *batch) claimed[static_cast<std::size_t>(t)].push_back(m.id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  std::vector<long long> all;
  for (const auto& ids : claimed) all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
}

ATRIUM_CONTRACT_BACKENDS(OnboardingContract);

}  // namespace
