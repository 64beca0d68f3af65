#include "domain/auth/session_repository.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/throttle_repository.hpp"
#include "domain/identity/user.hpp"
#include "store/directory/user_row.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

// Stored lengths, in code points (the columns' comments in migration 0003).
constexpr std::size_t kMaxUserAgent = 512;

constexpr std::size_t kMaxSourceAddress = 128;
constexpr std::size_t kMaxFlash = 1000;

const std::string kSessionColumns =
    "s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.source_address, "
    "s.user_agent, s.flash";

struct SessionRow {
  long long id = 0;
  long long user_id = 0;
  long long created_at = 0;
  long long last_seen_at = 0;
  long long expires_at = 0;
  std::string source_address;
  std::string user_agent;
  std::string flash;

  // In the order of kSessionColumns.
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, user_id);
    map_column(statement, created_at);
    map_column(statement, last_seen_at);
    map_column(statement, expires_at);
    map_column(statement, source_address);
    map_column(statement, user_agent);
    map_column(statement, flash);
  }

  Session to_session() const {
    Session session;
    session.id = id;
    session.user_id = user_id;
    session.created_at = from_unix_ms(created_at);
    session.last_seen_at = from_unix_ms(last_seen_at);
    session.expires_at = from_unix_ms(expires_at);
    session.source_address = source_address;
    session.user_agent = user_agent;
    session.flash = flash;
    return session;
  }
};

struct SessionGrantRow {
  SessionRow session;
  UserRow user;
  template <typename Columns>
  void exchange(Columns& statement) {
    session.exchange(statement);
    user.exchange(statement);
  }
};

class SociSessionRepository final : public SessionRepository {
 public:
  explicit SociSessionRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Session> create(const NewSession& session) override {
    // A duplicate token hash or a missing user is a conflict (kConflict, "storage.duplicate" or
    // "storage.missing_reference"); a fresh random token never repeats.
    return tx_.attempt("sessions.create", true, [&] {
      Session created;
      created.user_id = session.user_id;
      created.created_at = from_unix_ms(to_unix_ms(session.created_at));
      created.last_seen_at = created.created_at;
      created.expires_at = from_unix_ms(to_unix_ms(session.expires_at));
      created.source_address = sanitise_utf8(session.source_address, kMaxSourceAddress);
      created.user_agent = sanitise_utf8(session.user_agent, kMaxUserAgent);
      QueryParams params;
      created.id = query_number(
          tx_,
          "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, "
          "source_address, user_agent) VALUES (" +
              params.add(session.token_hash) + ", " + params.add(session.user_id) + ", " +
              params.add(to_unix_ms(created.created_at)) + ", " +
              params.add(to_unix_ms(created.last_seen_at)) + ", " +
              params.add(to_unix_ms(created.expires_at)) + ", " +
              params.add(created.source_address) + ", " + params.add(created.user_agent) +
              ") RETURNING id",
          params);
      return created;
    });
  }

  Result<std::optional<SessionGrant>> find_by_hash(std::string_view token_hash) override {
    return tx_.attempt("sessions.find_by_hash", false, [&] {
      QueryParams params;
      const std::string hash = params.add(std::string(token_hash));
      // Asked on every signed-in request, so its text is put together once.
      static const std::string kQuery = "SELECT " + kSessionColumns + ", " + kUserColumns +
                                        " FROM sessions s JOIN users u ON u.id = s.user_id"
                                        " WHERE s.token_hash = " +
                                        hash;
      return fetch_one<SessionGrantRow>(tx_, kQuery, params, [](SessionGrantRow&& row) {
        return SessionGrant{row.session.to_session(), std::move(row.user).to_user()};
      });
    });
  }

  Status touch(SessionId id, TimePoint now) override {
    // Only ever forwards: two servers touching at once leave the later time, and a request that
    // comes back within the same millisecond writes nothing.
    return tx_.attempt("sessions.touch", false, [&] {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      execute(tx_.session(),
              "UPDATE sessions SET last_seen_at = " + at + " WHERE id = " + params.add(id) +
                  " AND last_seen_at < " + at,
              params);
    });
  }

  Status set_flash(SessionId id, std::string_view flash) override {
    return tx_.attempt("sessions.set_flash", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE sessions SET flash = " + params.add(sanitise_utf8(flash, kMaxFlash)) +
                  " WHERE id = " + params.add(id),
              params);
    });
  }

  Result<bool> remove(SessionId id) override {
    return tx_.attempt("sessions.remove", false, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM sessions WHERE id = " + params.add(id), params) >
             0;
    });
  }

  Result<long long> remove_for_user(UserId user, std::optional<SessionId> keep) override {
    return tx_.attempt("sessions.remove_for_user", false, [&] {
      QueryParams params;
      std::string sql = "DELETE FROM sessions WHERE user_id = " + params.add(user);
      if (keep) sql += " AND id <> " + params.add(*keep);
      return execute(tx_.session(), sql, params);
    });
  }

  Result<std::vector<Session>> list_for_user(UserId user) override {
    return tx_.attempt("sessions.list_for_user", false, [&] {
      QueryParams params;
      return fetch_all<SessionRow>(tx_,
                                   "SELECT " + kSessionColumns +
                                       " FROM sessions s WHERE s.user_id = " + params.add(user) +
                                       " ORDER BY s.created_at DESC, s.id DESC",
                                   params, [](const SessionRow& row) { return row.to_session(); });
    });
  }

  Result<long long> remove_expired(TimePoint now, TimePoint idle_before) override {
    return tx_.attempt("sessions.remove_expired", false, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "DELETE FROM sessions WHERE expires_at <= " + params.add(to_unix_ms(now)) +
                         " OR last_seen_at < " + params.add(to_unix_ms(idle_before)),
                     params);
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(SessionRepository, SociSessionRepository)

}  // namespace atrium::store
