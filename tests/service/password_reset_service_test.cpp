// Password reset (DESIGN §3 flow 4, §8 rules 4 and 6).
#include <gtest/gtest.h>

#include <chrono>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

using namespace std::chrono_literals;

class PasswordResetServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    pat_ = make_user("pat@reset.example");
  }

  std::string request_link() {
    const Status asked = resets_.request_reset("pat@reset.example", requester());
    EXPECT_TRUE(asked) << why(asked);
    return composer_.token("pat@reset.example", EmailKind::kPasswordReset);
  }

  Status complete(const std::string& token, const std::string& password = kNewPassword) {
    return resets_.complete_reset(NewPasswordInput{token, password, password}, requester());
  }

  User pat_;
};

TEST_F(PasswordResetServiceTest, TheLinkSetsANewPasswordOnce) {
  const std::string token = request_link();
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(outbox_to("pat@reset.example").at(0).kind, "password_reset");
  auto shown = resets_.reset_user(token);
  ASSERT_TRUE(shown) << why(shown);
  EXPECT_EQ(shown->id, pat_.id);
  ASSERT_TRUE(complete(token));
  EXPECT_EQ(error_id(login("pat@reset.example", kPassword)), "auth.invalid_credentials");
  EXPECT_TRUE(login("pat@reset.example", kNewPassword));
  // Single use: neither shown nor redeemed again.
  EXPECT_EQ(error_id(resets_.reset_user(token)), "link.used");
  EXPECT_EQ(error_id(complete(token, "a third long passphrase")), "link.used");
  EXPECT_TRUE(login("pat@reset.example", kNewPassword));
}

TEST_F(PasswordResetServiceTest, AnUnknownEmailGetsTheSameAnswerAndNoEmail) {
  const Status unknown = resets_.request_reset("nobody@reset.example", requester());
  const Status known = resets_.request_reset("pat@reset.example", requester());
  ASSERT_TRUE(unknown) << why(unknown);
  ASSERT_TRUE(known) << why(known);
  EXPECT_TRUE(composer_.to("nobody@reset.example").empty());
  EXPECT_TRUE(outbox_to("nobody@reset.example").empty());
  EXPECT_EQ(outbox_to("pat@reset.example").size(), 1U);
}

TEST_F(PasswordResetServiceTest, TheLinkExpiresAfterAnHour) {
  const std::string token = request_link();
  clock_.advance(59min);
  EXPECT_TRUE(resets_.reset_user(token));
  clock_.advance(1min);
  EXPECT_EQ(error_id(resets_.reset_user(token)), "link.expired");
  EXPECT_EQ(error_id(complete(token)), "link.expired");
  EXPECT_TRUE(login("pat@reset.example", kPassword)) << "the password is unchanged";
}

TEST_F(PasswordResetServiceTest, ANewerLinkVoidsTheOlderOne) {
  const std::string first = request_link();
  const std::string second = request_link();
  ASSERT_NE(first, second);
  EXPECT_EQ(error_id(complete(first)), "link.replaced");
  EXPECT_TRUE(complete(second));
}

TEST_F(PasswordResetServiceTest, ACompletedResetEndsEverySessionOfTheUser) {
  auto laptop = login("pat@reset.example", kPassword);
  auto phone = login("pat@reset.example", kPassword);
  ASSERT_TRUE(laptop && phone);
  make_user("other@reset.example");
  auto bystander = login("other@reset.example", kPassword);
  ASSERT_TRUE(bystander);
  ASSERT_TRUE(sessions_.resolve(laptop->session.token));

  ASSERT_TRUE(complete(request_link()));
  EXPECT_FALSE(sessions_.resolve(laptop->session.token));
  EXPECT_FALSE(sessions_.resolve(phone->session.token));
  EXPECT_TRUE(sessions_.resolve(bystander->session.token)) << "only that user's sessions end";
}

TEST_F(PasswordResetServiceTest, RequestsForOneEmailAreThrottled) {
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(resets_.request_reset("pat@reset.example", requester()));
  const Status limited = resets_.request_reset("pat@reset.example", requester());
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(limited.error().retry_after_seconds, 0);
  EXPECT_EQ(outbox_to("pat@reset.example").size(), 3U) << "the refused request sent nothing";
  clock_.advance(std::chrono::seconds(limited.error().retry_after_seconds));
  EXPECT_TRUE(resets_.request_reset("pat@reset.example", requester()));
}

}  // namespace
}  // namespace atrium::service
