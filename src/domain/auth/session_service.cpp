#include "domain/auth/session_service.hpp"

#include "core/ids.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

namespace {

constexpr std::size_t kMaxUserAgentLength = 512;
constexpr std::size_t kMaxTokenLength = 128;

Error no_session() { return unauthenticated("not signed in"); }

}  // namespace

std::string SessionService::new_token() { return random_base64url(random_, kSessionTokenBytes); }

std::string SessionService::csrf_token(std::string_view cookie_token) const {
  return hasher_.hash("csrf:" + std::string(cookie_token));
}

Result<StartedSession> SessionService::start(Transaction& tx, UserId user,
                                             std::string_view source_address,
                                             std::string_view user_agent) {
  StartedSession started;
  started.token = new_token();
  NewSession session;
  session.token_hash = hasher_.hash(started.token);
  session.user_id = user;
  session.created_at = clock_.now();
  session.expires_at = session.created_at + settings_.lifetime;
  session.source_address = source_address;
  session.user_agent = user_agent.substr(0, kMaxUserAgentLength);
  ATRIUM_ASSIGN_OR_RETURN(auto created, tx.get<SessionRepository>().create(session));
  started.session = std::move(created);
  return started;
}

Result<ActiveSession> SessionService::resolve(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return fail(no_session());
  std::string hash = hasher_.hash(token);
  const TimePoint now = clock_.now();
  if (auto kept = recall(memory_, &SignInMemory::sessions, hash)) {
    if (usable_without_write(*kept, now)) {
      kept->session.flash.clear();
      return ActiveSession{std::move(kept->session), std::move(kept->user), std::string(token),
                           false};
    }
  }
  return resolve_from_database(token, hash, now);
}

bool SessionService::usable_without_write(const SessionGrant& grant, TimePoint now) const {
  const Session& session = grant.session;
  return grant.user.active && now < session.expires_at &&
         now - session.last_seen_at < settings_.touch_interval;
}

Result<ActiveSession> SessionService::resolve_from_database(std::string_view token,
                                                            const std::string& hash,
                                                            TimePoint now) {
  ATRIUM_ASSIGN_OR_RETURN(auto read, read_grant<SessionGrant>(db_, memory_, [&](Transaction& tx) {
                            return tx.get<SessionRepository>().find_by_hash(hash);
                          }));
  if (!read.grant) return fail(no_session());
  Session& session = read.grant->session;
  const bool expired =
      now >= session.expires_at || now - session.last_seen_at >= settings_.idle_timeout;
  if (expired || !read.grant->user.active) {
    (void)db_.write([&](Transaction& tx) -> Status {
      ATRIUM_TRY(tx.get<SessionRepository>().remove(session.id));
      return ok();
    });
    return fail(no_session());
  }
  if (now - session.last_seen_at >= settings_.touch_interval) {
    const Status touched = db_.write(
        [&](Transaction& tx) { return tx.get<SessionRepository>().touch(session.id, now); });
    if (!touched) return fail(touched.error());
    session.last_seen_at = now;
  }
  remember(memory_, &SignInMemory::sessions, hash, read);
  return ActiveSession{session, std::move(read.grant->user), std::string(token), true};
}

Status SessionService::set_flash(const ActiveSession& session, const Flash& flash) {
  return db_.write([&](Transaction& tx) {
    return tx.get<SessionRepository>().set_flash(session.session.id,
                                                 flash.kind + '\t' + flash.text);
  });
}

std::optional<Flash> SessionService::take_flash(const ActiveSession& session) {
  std::string stored = session.session.flash;
  if (!session.flash_known) {
    auto found = db_.read_result([&](Transaction& tx) {
      return tx.get<SessionRepository>().find_by_hash(hasher_.hash(session.token));
    });
    if (!found || !*found) return std::nullopt;
    stored = std::move((*found)->session.flash);
  }
  const auto tab = stored.find('\t');
  if (tab == std::string::npos) return std::nullopt;
  // A flash that cannot be cleared would come back on reload: then it is not shown at all.
  const Status cleared = db_.write([&](Transaction& tx) {
    return tx.get<SessionRepository>().set_flash(session.session.id, "");
  });
  if (!cleared) return std::nullopt;
  return Flash{stored.substr(0, tab), stored.substr(tab + 1)};
}

Status SessionService::end(const ActiveSession& session) {
  if (memory_ != nullptr) memory_->sessions.forget(hasher_.hash(session.token));
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(tx.get<SessionRepository>().remove(session.session.id));
    return ok();
  });
}

Result<long long> SessionService::end_others(const ActiveSession& session) {
  return db_.write_result([&](Transaction& tx) {
    return tx.get<SessionRepository>().remove_for_user(session.user.id, session.session.id);
  });
}

Result<std::vector<Session>> SessionService::list(const ActiveSession& session) {
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<SessionRepository>().list_for_user(session.user.id); });
}

}  // namespace atrium
