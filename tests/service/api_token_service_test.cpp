// Admin API tokens for an owner who lost theirs (`atrium token create --email`).
#include <gtest/gtest.h>

#include "domain/auth/api_tokens.hpp"
#include "service_fixture.hpp"

namespace atrium::service {
namespace {

class ApiTokenServiceTest : public ServiceTest {
 protected:
  ApiTokenService tokens_{*db_, random_, token_hasher_, clock_};
};

TEST_F(ApiTokenServiceTest, AnActiveOwnerGetsANewTokenByEmail) {
  auto issued = tokens_.issue_for_owner("  " + owner_user_.email + " ", "Lost my token");
  ASSERT_TRUE(issued) << why(issued);
  EXPECT_EQ(issued->token.name, "Lost my token");
  EXPECT_EQ(issued->token.user_id, owner_user_.id);
  auto actor = tokens_.authenticate(issued->secret, "192.0.2.1");
  ASSERT_TRUE(actor) << why(actor);
  EXPECT_EQ(actor->user_id, owner_user_.id);
}

TEST_F(ApiTokenServiceTest, NoTokenForConsumersInactiveOwnersOrUnknownAddresses) {
  make_user("cora@example.com");
  EXPECT_EQ(tokens_.issue_for_owner("cora@example.com", "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tokens_.issue_for_owner("nobody@example.com", "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tokens_.issue_for_owner("not an address", "x").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(tokens_.issue_for_owner(owner_user_.email, "").error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace atrium::service
