#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth/session.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

// A session together with the user it signs in.
struct SessionGrant {
  Session session;
  User user;
};

class SessionRepository : public Repository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<Session> create(const NewSession& session) = 0;
  // The session with this hash, with its user (one read: every signed-in request asks).
  virtual Result<std::optional<SessionGrant>> find_by_hash(std::string_view token_hash) = 0;
  virtual Status touch(SessionId id, TimePoint now) = 0;
  // Replaces the session's flash message (empty clears it).
  virtual Status set_flash(SessionId id, std::string_view flash) = 0;
  // False when there was no such session.
  virtual Result<bool> remove(SessionId id) = 0;
  // Ends every session of the user (except `keep`, when given); returns how many ended.
  virtual Result<long long> remove_for_user(UserId user, std::optional<SessionId> keep) = 0;
  // Newest first.
  virtual Result<std::vector<Session>> list_for_user(UserId user) = 0;
  // Housekeeping: deletes sessions past their absolute expiry or idle since `idle_before`.
  virtual Result<long long> remove_expired(TimePoint now, TimePoint idle_before) = 0;
};

}  // namespace atrium
