#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

using SessionId = long long;

// A signed-in browser. The cookie carries a random token; only its hash is stored.
struct Session {
  SessionId id = 0;
  UserId user_id = 0;
  TimePoint created_at;
  TimePoint last_seen_at;
  TimePoint expires_at;  // absolute limit (created_at + PORTAL_SESSION_LIFETIME)
  std::string source_address;
  std::string user_agent;
  std::string flash;  // the message for the next page ("kind\ttext"), empty when none
};

// A message shown once on the next page a session sees (POST-redirect-GET).
struct Flash {
  std::string kind;  // "success", "info" or "error"
  std::string text;
};

struct NewSession {
  std::string token_hash;
  UserId user_id = 0;
  TimePoint created_at;
  TimePoint expires_at;
  std::string source_address;
  std::string user_agent;
};

}  // namespace atrium
