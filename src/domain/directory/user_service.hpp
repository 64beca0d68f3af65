#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/actor.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/password_hasher.hpp"
#include "domain/identity/password_policy.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

// The fields a create or update names; absent fields are left as they are (update) or take
// their defaults (create).
struct UserInput {
  std::optional<std::string> email;
  std::optional<std::string> first;
  std::optional<std::string> last;
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<OrganisationId> organisation_id;  // 0: none (API Owners)
  std::optional<std::vector<TeamId>> teams;
  std::optional<std::string> provider;
  std::optional<std::string> password;
  std::optional<bool> reset_password;
};

// A user with what a response shows of them.
struct UserView {
  User user;
  std::optional<Organisation> organisation;
  std::vector<Team> teams;
};

// A user with what `actor` may change of them, by the policy: the choices of the user's page and
// edit form (the service still checks every change it is asked for).
struct UserEditChoices {
  UserView view;
  bool may_edit = false;  // name, role and the teams below (kEditProfile)
  bool may_remove_from_organisation = false;
  // Roles the form offers (the user's own first): those the actor may grant, of the user's kind
  // (consumer or API Owner; turning one into the other is an API call: it changes where they
  // belong). Empty unless may_edit.
  std::vector<Role> roles;
  // Teams of the user's organisation the actor may add or remove (policy::may_change_team), and
  // the user's teams the actor may not change (shown read-only, kept as they are).
  std::vector<Team> changeable_teams;
  std::vector<Team> fixed_teams;
};

// What onboarding adds to user management (implemented by InvitationService): called inside the
// transaction of the change, so their emails and records commit with it.
class UserLifecycleHooks {
 public:
  virtual ~UserLifecycleHooks() = default;
  // An owner created a user without a password: invite them to set one.
  virtual Status created_without_password(Transaction& tx, const Actor& actor, const User& user,
                                          TimePoint now) = 0;
  // The user was activated or deactivated (user.active is the new state).
  virtual Status active_changed(Transaction& tx, const User& user, TimePoint now) = 0;
};

// Users as the admin API manages them (DESIGN §1–§3 flow 1). Every change is checked by the
// policy module and audited in its transaction.
class UserService {
 public:
  UserService(Database& db, PasswordHasher& passwords, const PasswordRules& rules, Random& random,
              const Clock& clock)
      : db_(db), passwords_(passwords), rules_(rules), random_(random), clock_(clock) {}

  Result<UserView> create(const Actor& actor, const UserInput& input);
  // `ref` is the numeric ID or the CID.
  Result<UserView> get(const Actor& actor, std::string_view ref);
  Result<PageOf<User>> list(const Actor& actor, UserFilter filter, const PageRequest& page);
  // The same list by keyset (our extension of Tyk's paging): the users after `page.after_id`.
  Result<PageOf<User>> list_after(const Actor& actor, UserFilter filter, const KeysetPage& page);
  Result<UserEditChoices> edit_choices(const Actor& actor, std::string_view ref);
  // The roles `actor` may give a user they create (policy::may_grant_role), consumers' first.
  static std::vector<Role> grantable_roles(const Actor& actor);
  Result<UserView> update(const Actor& actor, std::string_view ref, const UserInput& input);
  Status remove(const Actor& actor, std::string_view ref);
  // Ends every session of the user at once; returns how many ended.
  Result<long long> end_sessions(const Actor& actor, std::string_view ref);
  // Activation (POST /users/{id}/activate and /deactivate): update() with Active only.
  Result<UserView> set_active(const Actor& actor, std::string_view ref, bool active);

  // Set once at start-up, before serving.
  void set_hooks(UserLifecycleHooks* hooks) { hooks_ = hooks; }

 private:
  // Writes an authorised update (memberships in the order the database accepts), ends sessions
  // when the password changed or the user was deactivated, audits `changes`.
  Result<UserView> store_update(Transaction& tx, const Actor& actor, User user,
                                const std::vector<TeamId>& teams_before,
                                const std::vector<TeamId>& teams_after,
                                const std::optional<std::string>& hash, nlohmann::json& changes,
                                TimePoint now);

  Database& db_;
  PasswordHasher& passwords_;
  const PasswordRules& rules_;
  Random& random_;
  const Clock& clock_;
  UserLifecycleHooks* hooks_ = nullptr;
};

// Shared by the directory services: load a user by ID or CID inside a transaction.
Result<std::optional<User>> find_user_by_ref(Transaction& tx, std::string_view ref);

}  // namespace atrium
