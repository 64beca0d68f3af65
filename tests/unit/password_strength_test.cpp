// PasswordRules (domain/identity/password_policy.hpp) with the real zxcvbn estimator
// (crypto/zxcvbn_strength.cpp: a pure function over compiled-in dictionaries) and with a fake.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/zxcvbn_strength.hpp"
#include "domain/identity/password_policy.hpp"

namespace atrium {
namespace {

constexpr int kDefaultMinStrength = 3;  // Password.MinStrength's default

class PasswordStrengthTest : public ::testing::Test {
 protected:
  PasswordRules rules(int min_strength = kDefaultMinStrength,
                      std::string site = "Developer Portal") const {
    return {&zxcvbn_, min_strength, std::move(site)};
  }

  // True when `rules` accept the password for `owner`.
  static bool accepted(const PasswordRules& rules, const std::string& password,
                       const PasswordOwner& owner = {"jane@example.com", "Jane", "Doe"}) {
    return rules.check(password, owner).has_value();
  }

  crypto::ZxcvbnStrength zxcvbn_;
};

TEST_F(PasswordStrengthTest, CommonPatternsTheShortListMissesAreRefused) {
  // Accepted before zxcvbn: neither is on the compiled-in list nor holds the email.
  for (const char* weak :
       {"password123", "Password1!", "changeme123", "abc123abc123", "long enough"}) {
    EXPECT_TRUE(check_password(weak, "jane@example.com").has_value()) << weak;
    EXPECT_FALSE(accepted(rules(), weak)) << weak;
  }
}

TEST_F(PasswordStrengthTest, AStrongPassphraseIsAccepted) {
  for (const char* strong : {"plum lantern orbit seven", "quiet harbour of copper bells",
                             "Tall-Quiet-Harbour-93", "a good long passphrase"}) {
    EXPECT_TRUE(accepted(rules(), strong)) << strong;
  }
}

TEST_F(PasswordStrengthTest, TheUsersNamesAndEmailPiecesCountAsGuessable) {
  // Each is strong for someone else, and weak for the user whose words it is made of.
  const PasswordOwner stranger{"kp@example.com", "Ann", "Lee"};
  EXPECT_TRUE(accepted(rules(), "PrzybylskiKasia!", stranger));
  EXPECT_FALSE(accepted(rules(), "PrzybylskiKasia!", {"kp@example.com", "Kasia", "Przybylski"}));
  EXPECT_FALSE(accepted(rules(), "PrzybylskiKasia!", {"kasia.przybylski@example.com", "", ""}))
      << "the local part's pieces";
  EXPECT_TRUE(accepted(rules(), "Quillfeather2024", stranger));
  EXPECT_FALSE(accepted(rules(), "Quillfeather2024", {"kp@quillfeather.io", "Ann", "Lee"}))
      << "the domain's labels";
}

TEST_F(PasswordStrengthTest, ThePortalsNameCountsAsGuessable) {
  EXPECT_TRUE(accepted(rules(kDefaultMinStrength, "Developer Portal"), "Zorblatt2024"));
  EXPECT_FALSE(accepted(rules(kDefaultMinStrength, "Zorblatt Hub"), "Zorblatt2024"));
}

TEST_F(PasswordStrengthTest, TheRefusalNamesTheFieldAndNeverEchoesThePassword) {
  auto refused = rules().check("password123", {"jane@example.com", "Jane", "Doe"}, "new_password");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(refused.error().fields.size(), 1U);
  EXPECT_EQ(refused.error().fields[0].field, "new_password");
  EXPECT_NE(refused.error().fields[0].message.find("too easy to guess"), std::string::npos);
  EXPECT_EQ(refused.error().message.find("password123"), std::string::npos);
  EXPECT_EQ(refused.error().fields[0].message.find("password123"), std::string::npos);
}

TEST_F(PasswordStrengthTest, MinStrengthZeroKeepsOnlyTheLengthAndListRules) {
  EXPECT_TRUE(accepted(rules(0), "password123"));
  EXPECT_FALSE(accepted(rules(0), "password")) << "the common list still applies";
  EXPECT_FALSE(accepted(rules(0), "short")) << "the length rule still applies";
}

TEST_F(PasswordStrengthTest, ContextWordsAreLowerCasedDistinctAndLikeliestFirst) {
  const auto words = rules(kDefaultMinStrength, "Jane's Portal")
                         .context_words({"Jane.Doe@Mail.Example.com", "Jane", "Doe-Smith"});
  EXPECT_EQ(words,
            (std::vector<std::string>{"jane.doe", "jane", "doe", "doe-smith", "smith",
                                      "jane.doe@mail.example.com", "mail.example.com", "mail",
                                      "example", "com", "jane's portal", "jane's", "portal"}));
}

// Counts calls and answers a fixed score: what the rules do with the estimate.
class FixedStrength final : public PasswordStrength {
 public:
  explicit FixedStrength(int score) : score_(score) {}
  int score(std::string_view /*password*/, std::span<const std::string> context) const override {
    ++calls;
    last_context.assign(context.begin(), context.end());
    return score_;
  }
  mutable int calls = 0;
  mutable std::vector<std::string> last_context;

 private:
  int score_;
};

TEST(PasswordRules, RefusesScoresBelowTheMinimumAndAsksNothingWhenOff) {
  FixedStrength three(3);
  EXPECT_TRUE(PasswordRules(&three, 3, "Portal").check("some passphrase", {}).has_value());
  EXPECT_FALSE(PasswordRules(&three, 4, "Portal").check("some passphrase", {}).has_value());
  EXPECT_EQ(three.calls, 2);
  EXPECT_EQ(three.last_context, (std::vector<std::string>{"portal"}));
  EXPECT_TRUE(PasswordRules(&three, 0, "Portal").check("some passphrase", {}).has_value());
  EXPECT_EQ(three.calls, 2) << "MinStrength 0 never runs the estimate";
  // The estimate comes after the cheaper rules: a too-short password is never scored.
  EXPECT_FALSE(PasswordRules(&three, 3, "Portal").check("short", {}).has_value());
  EXPECT_EQ(three.calls, 2);
}

}  // namespace
}  // namespace atrium
