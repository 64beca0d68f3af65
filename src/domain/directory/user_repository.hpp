#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class UserRepository : public Repository {
 public:
  virtual ~UserRepository() = default;
  // kConflict (id "user.email_taken") when the email is taken, compared case-insensitively.
  virtual Result<User> create(const NewUser& user, TimePoint now) = 0;
  virtual Result<std::optional<User>> find_by_id(UserId id) = 0;
  virtual Result<std::optional<User>> find_by_email(std::string_view email) = 0;
  virtual Result<std::optional<std::string>> password_hash(UserId id) = 0;
  virtual Result<long long> count_api_owners() = 0;

  virtual Result<std::optional<User>> find_by_cid(std::string_view cid) = 0;
  virtual Result<PageOf<User>> list(const UserFilter& filter, const PageRequest& page) = 0;
  // The same list from the user after `page.after_id` on (ids in ascending order, the first one
  // greater than after_id); its cost does not grow with after_id. The total is the filter's, as
  // list() gives it. kInvalidArgument (field "after_id") for a negative after_id.
  virtual Result<PageOf<User>> list_after(const UserFilter& filter, const KeysetPage& page) = 0;
  // Writes every field of `user` but id, cid and created_at; sets updated_at = now. The password
  // hash changes only when `new_password_hash` is given. kConflict "user.email_taken".
  virtual Result<User> update(const User& user, const std::optional<std::string>& new_password_hash,
                              TimePoint now) = 0;
  // Deletes the user with memberships and tokens; false when there was none.
  virtual Result<bool> remove(UserId id) = 0;
  virtual Result<long long> count_with_role(Role role) = 0;

  // Team memberships. Teams are ordered by id.
  virtual Result<std::vector<Team>> teams_of(UserId id) = 0;
  // Replaces the user's memberships with exactly `teams` (kConflict for a missing team).
  virtual Status set_teams(UserId id, const std::vector<TeamId>& teams) = 0;
  // A number that grows with every committed change to organisations, teams, users or team
  // memberships (kept by the database itself, whichever process writes): what a directory read
  // answers in this transaction's snapshot is still the answer while this number is unchanged.
  virtual Result<long long> directory_version() = 0;
};

}  // namespace atrium
