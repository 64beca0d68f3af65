#pragma once

// The fixture of the service suite (tests/service): the domain services, wired as
// src/app/application.cpp wires them, on a migrated SQLite database in a temporary directory,
// with a manual clock, a counting random source, a fast counting password hasher and a recording
// email composer. No HTTP: tests call the services and assert the domain's rules and error ids.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "crypto/sha256_token_hasher.hpp"
#include "crypto/zxcvbn_strength.hpp"
#include "domain/auth/actor.hpp"
#include "domain/auth/bootstrap.hpp"
#include "domain/auth/login_service.hpp"
#include "domain/auth/session_service.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/mail/outbox_dispatcher.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/onboarding/invitation_service.hpp"
#include "domain/onboarding/invite_code_service.hpp"
#include "domain/onboarding/onboarding_flow.hpp"
#include "domain/onboarding/password_reset_service.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/onboarding/registration_service.hpp"
#include "domain/settings/portal_settings.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/counting_random.hpp"
#include "support/fast_password_hasher.hpp"
#include "support/manual_clock.hpp"
#include "support/recording_email.hpp"
#include "support/temp_dir.hpp"

namespace atrium::service {

inline constexpr const char* kPassword = "a good long passphrase";
inline constexpr const char* kNewPassword = "another fine passphrase";
inline constexpr const char* kAddress = "192.0.2.10";

inline std::string describe(const Error& e) {
  std::string out = std::string(to_string(e.code)) + " " + e.id + ": " + e.message;
  for (const auto& f : e.fields) out += " [" + f.field + ": " + f.message + "]";
  return out;
}

// The error of a failed Result, for assertion messages ("ok" when it succeeded).
template <typename T>
std::string why(const Result<T>& result) {
  return result ? std::string("ok") : describe(result.error());
}

// The error id of a failed Result; "ok" when it succeeded (so EXPECT_EQ(error_id(r), "...") fails
// on success too).
template <typename T>
std::string error_id(const Result<T>& result) {
  return result ? std::string("ok") : result.error().id;
}

// A migrated SQLite database in `dir`; throws when it cannot be opened or migrated.
inline std::unique_ptr<store::SociDatabase> open_migrated_sqlite(const testing::TempDir& dir) {
  store::DatabaseOptions options;
  options.dialect = "sqlite3";
  options.connection_string = dir.file("service.db");
  options.pool_size = 4;
  auto db = store::open_database(options);
  const auto migrated = store::migrate(*db);
  if (!migrated) throw std::runtime_error("migration failed: " + describe(migrated.error()));
  return db;
}

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest()
      : db_(open_migrated_sqlite(temp_)),
        users_(*db_, passwords_, rules_, random_, clock_),
        organisations_(*db_, random_, clock_),
        sessions_(*db_, random_, token_hasher_, clock_, SessionSettings{}),
        login_(*db_, passwords_, rules_, sessions_, clock_, LoginThrottle{}),
        mailer_(composer_, MailerOptions{"https://portal.test", "Test Portal"}),
        settings_(*db_, sender_, mailer_, clock_, SettingsOverrides{}),
        onboarding_{*db_,   passwords_, rules_,    random_,     token_hasher_,
                    clock_, mailer_,    settings_, MailLimits{}},
        invitations_(onboarding_),
        registrations_(onboarding_),
        resets_(onboarding_),
        invite_codes_(*db_, random_, clock_),
        dispatcher_(*db_, sender_, settings_, clock_, DispatcherOptions{}),
        bootstrap_(*db_, passwords_, rules_, random_, token_hasher_, clock_) {
    users_.set_hooks(&invitations_);
  }

  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }  // no migration log

  void SetUp() override {
    BootstrapRequest request;
    request.email = "owner@example.com";
    request.password = kPassword;
    auto done = bootstrap_.bootstrap(request);
    ASSERT_TRUE(done) << why(done);
    owner_user_ = done->owner;
    owner_ = actor_of(owner_user_);
  }

  // The actor a signed-in user is for the services.
  static Actor actor_of(const User& user) {
    return Actor{user.id, user.email, user.role, user.organisation_id, kAddress};
  }
  static Requester requester() { return Requester{kAddress}; }

  // An organisation made by the owner (with its default team); fails the test on error.
  OrganisationView make_organisation(const std::string& name) {
    auto org = organisations_.create(owner_, name);
    EXPECT_TRUE(org) << why(org);
    return org ? *org : OrganisationView{};
  }

  static Team default_team_of(const OrganisationView& org) {
    for (const auto& team : org.teams) {
      if (team.is_default) return team;
    }
    ADD_FAILURE() << "organisation " << org.organisation.name << " has no default team";
    return Team{};
  }

  Team make_team(OrganisationId org, const std::string& name) {
    auto team = organisations_.create_team(owner_, std::to_string(org), name);
    EXPECT_TRUE(team) << why(team);
    return team ? team->team : Team{};
  }

  // The owner creates a user; `input` may name anything but the email.
  Result<UserView> create_user(const std::string& email, UserInput input = {}) {
    input.email = email;
    if (!input.first) input.first = "First";
    if (!input.last) input.last = "Last";
    return users_.create(owner_, input);
  }

  // A user with a password in `org` (the default organisation when 0) and `teams` (its default
  // team when empty); fails the test on error.
  User make_user(const std::string& email, OrganisationId org = 0, std::vector<TeamId> teams = {},
                 const std::string& role = "consumer-team-member") {
    UserInput input;
    input.password = kPassword;
    input.role = role;
    if (org != 0) input.organisation_id = org;
    if (!teams.empty()) input.teams = std::move(teams);
    auto created = create_user(email, input);
    EXPECT_TRUE(created) << why(created);
    return created ? created->user : User{};
  }

  User reload(UserId id) {
    auto found =
        db_->read_result([&](Transaction& tx) { return tx.get<UserRepository>().find_by_id(id); });
    EXPECT_TRUE(found && *found) << why(found);
    return found && *found ? **found : User{};
  }

  std::optional<User> find_email(const std::string& email) {
    auto found = db_->read_result(
        [&](Transaction& tx) { return tx.get<UserRepository>().find_by_email(email); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  std::optional<std::string> password_hash_of(UserId id) {
    auto hash = db_->read_result(
        [&](Transaction& tx) { return tx.get<UserRepository>().password_hash(id); });
    EXPECT_TRUE(hash) << why(hash);
    return hash ? *hash : std::nullopt;
  }

  std::vector<TeamId> team_ids_of(UserId id) {
    auto teams =
        db_->read_result([&](Transaction& tx) { return tx.get<UserRepository>().teams_of(id); });
    EXPECT_TRUE(teams) << why(teams);
    std::vector<TeamId> ids;
    if (teams) {
      for (const auto& team : *teams) ids.push_back(team.id);
    }
    return ids;
  }

  std::optional<Registration> registration_of(UserId id) {
    auto found = db_->read_result(
        [&](Transaction& tx) { return tx.get<RegistrationRepository>().find_for_user(id); });
    EXPECT_TRUE(found) << why(found);
    return found ? *found : std::nullopt;
  }

  // The outbox messages to `to`, newest first, read through the repository.
  std::vector<OutboxMessage> outbox_to(const std::string& to) {
    OutboxFilter filter;
    filter.recipient = to;
    auto page = db_->read_result([&](Transaction& tx) {
      return tx.get<OutboxRepository>().list(filter, PageRequest{1, kMaxPerPage});
    });
    EXPECT_TRUE(page) << why(page);
    return page ? page->items : std::vector<OutboxMessage>{};
  }

  void change_settings(const SettingsInput& input) {
    auto changed = settings_.update(owner_, input);
    ASSERT_TRUE(changed) << why(changed);
  }

  Result<LoginResult> login(const std::string& email, const std::string& password) {
    return login_.login(email, password, kAddress, "service-test");
  }

  // Members in construction order: the services hold references to what comes before them.
  testing::TempDir temp_;
  testing::ManualClock clock_;
  testing::CountingRandom random_;
  crypto::Sha256TokenHasher token_hasher_;
  testing::FastPasswordHasher passwords_;
  crypto::ZxcvbnStrength strength_;
  PasswordRules rules_{&strength_, 3, "Test Portal"};  // the defaults, with zxcvbn
  testing::RecordingEmailComposer composer_;
  testing::RecordingEmailSender sender_;
  std::unique_ptr<store::SociDatabase> db_;
  UserService users_;
  OrganisationService organisations_;
  SessionService sessions_;
  LoginService login_;
  Mailer mailer_;
  SettingsService settings_;
  OnboardingDeps onboarding_;
  InvitationService invitations_;
  RegistrationService registrations_;
  PasswordResetService resets_;
  InviteCodeService invite_codes_;
  OutboxDispatcher dispatcher_;
  BootstrapService bootstrap_;

  User owner_user_;
  Actor owner_;  // the bootstrapped super-admin
};

}  // namespace atrium::service
