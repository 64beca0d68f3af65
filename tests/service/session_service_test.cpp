// Server-side sessions (DESIGN §8 rule 4) through SessionService, with the manual clock.
#include <gtest/gtest.h>

#include <chrono>

#include "domain/auth/session_repository.hpp"
#include "service_fixture.hpp"

namespace atrium::service {
namespace {

using namespace std::chrono_literals;

class SessionServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    user_ = make_user("sam@example.com");
  }

  std::string sign_in() {
    auto result = login("sam@example.com", kPassword);
    EXPECT_TRUE(result) << why(result);
    return result ? result->session.token : std::string();
  }

  User user_;
};

TEST_F(SessionServiceTest, AnIdleSessionEndsAfterTheIdleTimeout) {
  const std::string token = sign_in();
  clock_.advance(59min);
  ASSERT_TRUE(sessions_.resolve(token)) << "used within the hour";
  clock_.advance(59min);
  ASSERT_TRUE(sessions_.resolve(token)) << "each use restarts the idle hour";
  clock_.advance(60min);
  auto idle = sessions_.resolve(token);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().code, ErrorCode::kUnauthenticated);
  clock_.set(clock_.now() - 30min);  // gone for good: its row was deleted, not just refused
  EXPECT_FALSE(sessions_.resolve(token));
}

TEST_F(SessionServiceTest, ASessionEndsAtItsAbsoluteLifetimeHoweverActive) {
  const std::string token = sign_in();
  const TimePoint started = clock_.now();
  const auto lifetime = sessions_.settings().lifetime;  // 7 days
  while (clock_.now() + 50min < started + lifetime) {
    clock_.advance(50min);
    ASSERT_TRUE(sessions_.resolve(token)) << "still within its lifetime";
  }
  clock_.set(started + lifetime);
  EXPECT_FALSE(sessions_.resolve(token));
}

TEST_F(SessionServiceTest, LogoutEndsThatSessionOnly) {
  const std::string laptop = sign_in();
  const std::string phone = sign_in();
  auto active = sessions_.resolve(laptop);
  ASSERT_TRUE(active) << why(active);
  ASSERT_TRUE(sessions_.end(*active));
  EXPECT_FALSE(sessions_.resolve(laptop));
  auto still = sessions_.resolve(phone);
  ASSERT_TRUE(still) << why(still);
  auto listed = sessions_.list(*still);
  ASSERT_TRUE(listed) << why(listed);
  EXPECT_EQ(listed->size(), 1U);
}

TEST_F(SessionServiceTest, EndingTheOtherSessionsKeepsTheCurrentOne) {
  const std::string laptop = sign_in();
  const std::string phone = sign_in();
  const std::string tablet = sign_in();
  auto current = sessions_.resolve(laptop);
  ASSERT_TRUE(current);
  auto ended = sessions_.end_others(*current);
  ASSERT_TRUE(ended) << why(ended);
  EXPECT_EQ(*ended, 2);
  EXPECT_TRUE(sessions_.resolve(laptop));
  EXPECT_FALSE(sessions_.resolve(phone));
  EXPECT_FALSE(sessions_.resolve(tablet));
}

TEST_F(SessionServiceTest, DeactivationEndsTheSessionsAtOnce) {
  const std::string token = sign_in();
  ASSERT_TRUE(users_.set_active(owner_, std::to_string(user_.id), false));
  EXPECT_FALSE(sessions_.resolve(token));
  ASSERT_TRUE(users_.set_active(owner_, std::to_string(user_.id), true));
  EXPECT_FALSE(sessions_.resolve(token)) << "reactivation does not bring the session back";
  EXPECT_TRUE(sessions_.resolve(sign_in()));
}

TEST_F(SessionServiceTest, AFlashIsShownOnceToItsOwnSession) {
  const std::string laptop = sign_in();
  const std::string phone = sign_in();
  auto posting = sessions_.resolve(laptop);
  ASSERT_TRUE(posting) << why(posting);
  ASSERT_TRUE(sessions_.set_flash(*posting, Flash{"success", "Invitation sent."}));
  auto elsewhere = sessions_.resolve(phone);
  ASSERT_TRUE(elsewhere) << why(elsewhere);
  EXPECT_FALSE(sessions_.take_flash(*elsewhere).has_value());
  auto next_page = sessions_.resolve(laptop);
  ASSERT_TRUE(next_page) << why(next_page);
  const auto flash = sessions_.take_flash(*next_page);
  ASSERT_TRUE(flash.has_value());
  EXPECT_EQ(flash->kind, "success");
  EXPECT_EQ(flash->text, "Invitation sent.");
  auto reload = sessions_.resolve(laptop);
  ASSERT_TRUE(reload) << why(reload);
  EXPECT_FALSE(sessions_.take_flash(*reload).has_value()) << "a reload does not show it again";
}

TEST_F(SessionServiceTest, EveryLoginGetsANewRandomTokenAndOnlyItsHashIsStored) {
  const std::string first = sign_in();
  const std::string second = sign_in();
  EXPECT_NE(first, second);
  EXPECT_GE(first.size(), 43U);  // 32 random bytes, base64url
  auto by_token = db_->read_result(
      [&](Transaction& tx) { return tx.get<SessionRepository>().find_by_hash(first); });
  ASSERT_TRUE(by_token) << why(by_token);
  EXPECT_FALSE(*by_token) << "the token itself is not stored";
  auto by_hash = db_->read_result([&](Transaction& tx) {
    return tx.get<SessionRepository>().find_by_hash(token_hasher_.hash(first));
  });
  ASSERT_TRUE(by_hash && *by_hash) << why(by_hash);
  EXPECT_EQ((*by_hash)->user.id, user_.id);
}

}  // namespace
}  // namespace atrium::service
