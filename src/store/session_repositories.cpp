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
#include "domain/auth/session_repository.hpp"
#include "domain/auth/throttle_repository.hpp"
#include "domain/identity/user.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

// Sessions and throttle failures (migration 0003). Both tables are shared by every server.
namespace atrium::store {

namespace {

// Stored lengths, in code points (the columns' comments in migration 0003).
constexpr std::size_t kMaxUserAgent = 512;
constexpr std::size_t kMaxSourceAddress = 128;
// Throttle keys longer than this many bytes, or not valid UTF-8, are stored folded (throttle_key).
constexpr std::size_t kMaxThrottleKey = 256;
constexpr std::size_t kFoldedKeyPrefix = 200;

// The length of the UTF-8 sequence at text[at], or 0 when it is malformed or NUL: no PostgreSQL
// text value can hold NUL.
std::size_t sequence_length(std::string_view text, std::size_t at) {
  return text[at] == '\0' ? 0 : utf8_sequence_length(text, at);
}

// 64-bit FNV-1a: stable across builds and platforms, so every server folds a key the same way.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The stored form of a throttle key. A key that is well-formed UTF-8 of at most kMaxThrottleKey
// bytes is stored as given. Any other key (built from what a client sent, e.g. an absurd email)
// is folded to its longest well-formed prefix of at most kFoldedKeyPrefix bytes, "#~", and the
// hash of the whole key: a valid index entry on both databases, and the same on every server.
// A folded key can only meet another folded key or that exact string given as a key, which at
// worst counts more failures against them.
std::string throttle_key(std::string_view key) {
  std::size_t valid = 0;
  while (valid < key.size()) {
    const std::size_t length = sequence_length(key, valid);
    if (length == 0) break;
    valid += length;
  }
  if (valid == key.size() && key.size() <= kMaxThrottleKey) return std::string(key);
  std::size_t prefix = 0;
  while (prefix < valid) {
    const std::size_t length = sequence_length(key, prefix);
    if (prefix + length > kFoldedKeyPrefix) break;
    prefix += length;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out(key.substr(0, prefix));
  out += "#~";
  const std::uint64_t hash = fnv1a(key);
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
  return out;
}

const std::string kSessionColumns =
    "s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.source_address, "
    "s.user_agent";

struct SessionRow {
  long long id = 0;
  long long user_id = 0;
  long long created_at = 0;
  long long last_seen_at = 0;
  long long expires_at = 0;
  std::string source_address;
  std::string user_agent;

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

class SociThrottleRepository final : public ThrottleRepository {
 public:
  explicit SociThrottleRepository(SociTransaction& tx) : tx_(tx) {}

  Status record(std::string_view key, TimePoint now) override {
    return tx_.attempt("throttle.record", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "INSERT INTO throttle_failures (key, occurred_at) VALUES (" +
                  params.add(throttle_key(key)) + ", " + params.add(to_unix_ms(now)) + ")",
              params);
    });
  }

  Result<Count> count_since(std::string_view key, TimePoint since) override {
    return tx_.attempt("throttle.count_since", false, [&] {
      std::string stored = throttle_key(key);
      long long from = to_unix_ms(since);
      Count count;
      long long latest = 0;
      soci::indicator latest_indicator = soci::i_null;
      soci::statement st(tx_.session());
      map_column(st, count.failures);
      map_column(st, latest, latest_indicator);
      st.exchange(soci::use(stored));
      st.exchange(soci::use(from));
      prepare(st,
              "SELECT COUNT(*), MAX(occurred_at) FROM throttle_failures"
              " WHERE key = :key AND occurred_at >= :since");
      if (!st.execute(true)) throw std::runtime_error("an aggregate query returned no row");
      if (latest_indicator == soci::i_ok) count.latest = from_unix_ms(latest);
      return count;
    });
  }

  Status clear(std::string_view key) override {
    return tx_.attempt("throttle.clear", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "DELETE FROM throttle_failures WHERE key = " + params.add(throttle_key(key)), params);
    });
  }

  Result<long long> remove_older_than(TimePoint before) override {
    return tx_.attempt("throttle.remove_older_than", false, [&] {
      QueryParams params;
      return execute(
          tx_.session(),
          "DELETE FROM throttle_failures WHERE occurred_at < " + params.add(to_unix_ms(before)),
          params);
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(SessionRepository, SociSessionRepository)

ATRIUM_STORE_REPOSITORY(ThrottleRepository, SociThrottleRepository)

}  // namespace atrium::store
