// Password login (DESIGN §8 rules 1–3) through LoginService.
#include <gtest/gtest.h>

#include <chrono>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

using namespace std::chrono_literals;

class LoginServiceTest : public ServiceTest {};

TEST_F(LoginServiceTest, UnknownEmailAndWrongPasswordAnswerIdenticallyAtTheSameCost) {
  make_user("ada@example.com");
  int verifications = passwords_.verifications();
  const int hashes = passwords_.hashes();
  auto unknown = login("ghost@example.com", "whatever pass");
  const int unknown_verifications = passwords_.verifications() - verifications;
  verifications = passwords_.verifications();
  auto wrong = login("ada@example.com", "whatever pass");
  const int wrong_verifications = passwords_.verifications() - verifications;

  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().id, "auth.invalid_credentials");
  EXPECT_EQ(wrong.error().code, unknown.error().code);
  EXPECT_EQ(wrong.error().id, unknown.error().id);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().fields, unknown.error().fields);
  EXPECT_EQ(wrong.error().retry_after_seconds, unknown.error().retry_after_seconds);
  EXPECT_EQ(unknown_verifications, 1);
  EXPECT_EQ(wrong_verifications, 1);
  EXPECT_EQ(passwords_.hashes(), hashes) << "neither path hashes";
}

TEST_F(LoginServiceTest, AnInactiveAccountIsToldOnlyAfterACorrectPassword) {
  UserInput input;
  input.password = kPassword;
  input.active = false;
  ASSERT_TRUE(create_user("off@example.com", input));
  EXPECT_EQ(error_id(login("off@example.com", "not the password")), "auth.invalid_credentials");
  auto correct = login("off@example.com", kPassword);
  ASSERT_FALSE(correct);
  EXPECT_EQ(correct.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(correct.error().id, "auth.inactive");
}

TEST_F(LoginServiceTest, FailuresAreThrottledPerAccountWithRetryAfter) {
  make_user("ada@example.com");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(error_id(login("ada@example.com", "wrong password")), "auth.invalid_credentials")
        << "attempt " << i + 1;
  }
  const int verifications = passwords_.verifications();
  auto throttled = login("ada@example.com", kPassword);  // even the right password waits
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(throttled.error().id, "auth.throttled");
  EXPECT_EQ(throttled.error().retry_after_seconds, 30);
  EXPECT_EQ(passwords_.verifications(), verifications) << "a throttled attempt verifies nothing";
  // The account's email is throttled whatever its case.
  EXPECT_EQ(error_id(login("ADA@example.com", kPassword)), "auth.throttled");

  clock_.advance(29s);
  EXPECT_EQ(error_id(login("ada@example.com", kPassword)), "auth.throttled");
  clock_.advance(1s);
  EXPECT_TRUE(login("ada@example.com", kPassword));
  // A success clears the account's count.
  EXPECT_EQ(error_id(login("ada@example.com", "wrong password")), "auth.invalid_credentials");
}

TEST_F(LoginServiceTest, FailuresAreThrottledPerClientAddressAcrossAccounts) {
  make_user("victim@example.com");
  for (int i = 0; i < 20; ++i) {
    const std::string email = "probe" + std::to_string(i) + "@example.com";
    EXPECT_EQ(error_id(login(email, "guess")), "auth.invalid_credentials");
  }
  auto limited = login("victim@example.com", kPassword);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().id, "auth.throttled");
  EXPECT_GT(limited.error().retry_after_seconds, 0);
  // From another address the account is fine.
  EXPECT_TRUE(login_.login("victim@example.com", kPassword, "198.51.100.7", "other"));
}

TEST_F(LoginServiceTest, AHashWithOldParametersIsReplacedAtLogin) {
  const User user = make_user("old@example.com");
  ASSERT_TRUE(password_hash_of(user.id).value().starts_with("fast$v1$"));
  passwords_.set_version(2);
  const int hashes = passwords_.hashes();
  ASSERT_TRUE(login("old@example.com", kPassword));
  EXPECT_EQ(passwords_.hashes(), hashes + 1);
  EXPECT_TRUE(password_hash_of(user.id).value().starts_with("fast$v2$"));
  ASSERT_TRUE(login("old@example.com", kPassword));
  EXPECT_EQ(passwords_.hashes(), hashes + 1) << "a current hash is not rehashed";
}

TEST_F(LoginServiceTest, AForcedChangeNeedsNoCurrentPasswordAndEndsTheOldSessions) {
  UserInput input;
  input.password = kPassword;
  input.reset_password = true;
  ASSERT_TRUE(create_user("forced@example.com", input));
  auto other_browser = login("forced@example.com", kPassword);
  auto signed_in = login("forced@example.com", kPassword);
  ASSERT_TRUE(signed_in && other_browser);
  EXPECT_TRUE(signed_in->must_change_password);
  auto active = sessions_.resolve(signed_in->session.token);
  ASSERT_TRUE(active) << why(active);

  auto changed = login_.change_password(*active, std::nullopt, kNewPassword, kNewPassword, kAddress,
                                        "service-test");
  ASSERT_TRUE(changed) << why(changed);
  EXPECT_FALSE(sessions_.resolve(signed_in->session.token));
  EXPECT_FALSE(sessions_.resolve(other_browser->session.token));
  EXPECT_TRUE(sessions_.resolve(changed->token)) << "the change starts a fresh session";
  auto again = login("forced@example.com", kNewPassword);
  ASSERT_TRUE(again) << why(again);
  EXPECT_FALSE(again->must_change_password);
}

TEST_F(LoginServiceTest, AnOrdinaryChangeNeedsTheCurrentPassword) {
  make_user("plain@example.com");
  auto signed_in = login("plain@example.com", kPassword);
  ASSERT_TRUE(signed_in);
  auto active = sessions_.resolve(signed_in->session.token);
  ASSERT_TRUE(active);
  auto missing = login_.change_password(*active, std::nullopt, kNewPassword, kNewPassword, kAddress,
                                        "service-test");
  ASSERT_FALSE(missing);
  ASSERT_FALSE(missing.error().fields.empty());
  EXPECT_EQ(missing.error().fields[0].field, "current_password");
  auto wrong = login_.change_password(*active, std::string("not my password"), kNewPassword,
                                      kNewPassword, kAddress, "service-test");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(wrong.error().fields.empty());
  EXPECT_EQ(wrong.error().fields[0].field, "current_password");
  EXPECT_TRUE(sessions_.resolve(signed_in->session.token)) << "a refused change ends nothing";
  EXPECT_TRUE(login("plain@example.com", kPassword));
}

}  // namespace
}  // namespace atrium::service
