#include <gtest/gtest.h>

#include "domain/identity/email.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/role.hpp"

namespace atrium {
namespace {

TEST(Email, NormalisesAndKeys) {
  auto e = normalise_email("  Jane.Doe@Example.COM ");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(*e, "Jane.Doe@Example.COM");  // stored as given
  EXPECT_EQ(email_key(*e), "jane.doe@example.com");
}

TEST(Email, RejectsBadAddressesNamingTheField) {
  for (const char* bad : {"", "   ", "no-at-sign", "@example.com", "jane@", "jane@localhost",
                          "ja ne@example.com", "jane@@example.com", "jane@example..com",
                          "<jane>@example.com", "jane@.example.com", "\xC3@example.com"}) {
    auto e = normalise_email(bad);
    ASSERT_FALSE(e.has_value()) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(e.error().fields.size(), 1U);
    EXPECT_EQ(e.error().fields[0].field, "Email") << bad;
  }
  EXPECT_FALSE(normalise_email(std::string(65, 'a') + "@example.com").has_value());
  EXPECT_FALSE(normalise_email("a@" + std::string(250, 'b') + ".com").has_value());
}

// Found by tests/fuzz/email_address: "a:b@example.com" was accepted as a user's address, which
// the mailer then refused (an unquoted ':' starts an RFC 5322 group), so that user never got mail.
TEST(Email, RefusesAColonAsTheMailerDoes) {
  const auto e = normalise_email("jane:doe@example.com");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().fields.at(0).field, "Email");
}

TEST(PasswordPolicy, LengthInCodePoints) {
  EXPECT_FALSE(check_password("short").has_value());
  EXPECT_TRUE(check_password("long enough").has_value());
  EXPECT_TRUE(check_password(std::string(128, 'x')).has_value());
  EXPECT_FALSE(check_password(std::string(129, 'x')).has_value());
  // 128 two-byte characters are 256 bytes but 128 code points: accepted in full.
  std::string umlauts;
  for (int i = 0; i < 128; ++i) umlauts += "\xC3\xBC";
  EXPECT_TRUE(check_password(umlauts).has_value());
  EXPECT_FALSE(check_password("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF").has_value());
  auto err = check_password("short", "", "password");
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().fields.at(0).field, "password");
}

TEST(PasswordPolicy, RefusesCommonPasswordsAndTheEmailLocalPart) {
  EXPECT_TRUE(is_common_password("password"));
  EXPECT_TRUE(is_common_password("PassWord"));  // case-insensitive
  EXPECT_TRUE(is_common_password("12345678"));
  EXPECT_FALSE(is_common_password("correct horse battery staple"));
  auto common = check_password("iloveyou");
  ASSERT_FALSE(common.has_value());
  EXPECT_NE(common.error().message.find("too common"), std::string::npos);
  auto mine = check_password("xx-jane.doe-xx", "Jane.Doe@example.com");
  ASSERT_FALSE(mine.has_value());
  EXPECT_NE(mine.error().message.find("email"), std::string::npos);
  EXPECT_TRUE(check_password("an unrelated phrase", "jane.doe@example.com").has_value());
  // Very short local parts are not held against a password.
  EXPECT_TRUE(check_password("a long phrase", "al@example.com").has_value());
}

TEST(Role, ParsesTheFourRoles) {
  for (Role r :
       {Role::kSuperAdmin, Role::kProviderAdmin, Role::kConsumerAdmin, Role::kConsumerTeamMember}) {
    EXPECT_EQ(parse_role(to_string(r)), r);
  }
  EXPECT_FALSE(parse_role("admin").has_value());
  EXPECT_TRUE(is_api_owner(Role::kProviderAdmin));
  EXPECT_FALSE(is_api_owner(Role::kConsumerAdmin));
}

}  // namespace
}  // namespace atrium
