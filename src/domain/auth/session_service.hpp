#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/sign_in_memory.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/identity/user.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct SessionSettings {
  std::chrono::seconds lifetime{7 * 24 * 3600};  // PORTAL_SESSION_LIFETIME
  std::chrono::seconds idle_timeout{3600};       // PORTAL_SESSION_IDLE_TIMEOUT
  // last_seen_at is written at most this often, so that reads stay reads.
  std::chrono::seconds touch_interval{60};
};

// 32 random bytes (256 bits), base64url: the cookie value.
inline constexpr std::size_t kSessionTokenBytes = 32;

struct StartedSession {
  std::string token;  // for the cookie; never stored
  Session session;
};

// A request's signed-in state.
struct ActiveSession {
  Session session;
  User user;
  std::string token;
  // False when the session came from memory (sign_in_memory.hpp): its flash may have been set
  // since, on any node, so take_flash() reads it.
  bool flash_known = true;
};

// Server-side sessions (DESIGN §8 rule 4): random ids, only hashes stored, idle and absolute
// timeouts, ended at once by logout, deactivation, deletion and password changes.
class SessionService {
 public:
  // With a memory, resolve() answers from it while the copy is current (no SQL).
  SessionService(Database& db, Random& random, const TokenHasher& hasher, const Clock& clock,
                 SessionSettings settings, SignInMemory* memory = nullptr)
      : db_(db),
        random_(random),
        hasher_(hasher),
        clock_(clock),
        settings_(settings),
        memory_(memory) {}

  // A new session for `user` inside an open transaction.
  Result<StartedSession> start(Transaction& tx, UserId user, std::string_view source_address,
                               std::string_view user_agent);

  // The session behind a cookie value. kUnauthenticated when it is unknown, past its absolute
  // or idle limit (the row is then deleted), or its user is gone or inactive. From memory while
  // the copy is current and no last_seen_at write is due (touch_interval); a copy that looks
  // expired is checked in the database, which another node may have touched.
  Result<ActiveSession> resolve(std::string_view token);

  Status end(const ActiveSession& session);
  // Ends every other session of the signed-in user; returns how many.
  Result<long long> end_others(const ActiveSession& session);
  Result<std::vector<Session>> list(const ActiveSession& session);

  // A message for the next page this session shows (after a POST, before the redirect).
  Status set_flash(const ActiveSession& session, const Flash& flash);
  // The message waiting for this page, cleared so that a reload does not show it again; no
  // write when there is none (resolve() read it with the session).
  std::optional<Flash> take_flash(const ActiveSession& session);

  // The CSRF token of a session (or of a pre-session cookie): derived from the secret cookie
  // value, so nothing more is stored and it changes with every new session.
  std::string csrf_token(std::string_view cookie_token) const;
  std::string new_token();

  const SessionSettings& settings() const { return settings_; }

 private:
  Result<ActiveSession> resolve_from_database(std::string_view token, const std::string& hash,
                                              TimePoint now);
  bool usable_without_write(const SessionGrant& grant, TimePoint now) const;

  Database& db_;
  Random& random_;
  const TokenHasher& hasher_;
  const Clock& clock_;
  SessionSettings settings_;
  SignInMemory* memory_;
};

}  // namespace atrium
