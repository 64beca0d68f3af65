#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/dialect.hpp"
#include "store/soci_headers.hpp"

// Internal to src/store: a fixed-size pool of SOCI sessions.
//
// Our own pool rather than soci::connection_pool because a pooled connection must be able to
// heal: after a PostgreSQL restart every idle connection is dead, and soci::connection_pool can
// only hand them out as they are. Here a lease that finds its connection dead reopens it.
namespace atrium::store {

class StatementCache;  // store/statement_cache.hpp

struct PoolSettings {
  Dialect dialect = Dialect::kSqlite3;
  std::string connect_string;  // SOCI's form for the dialect
  std::size_t size = 1;
  std::chrono::milliseconds busy_timeout{5000};
  std::chrono::milliseconds acquire_timeout{10000};
};

class ConnectionPool;

// Exclusive use of one pooled connection until destroyed (then it goes back to the pool).
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  soci::session& session();
  Dialect dialect() const;
  // The connection's prepared statements (SQLite); null for PostgreSQL.
  StatementCache* statements();
  // False when the server side is gone (PostgreSQL: libpq reports CONNECTION_BAD). SQLite
  // connections are files and never go away.
  bool connection_alive();
  // Replaces the connection with a fresh one now; kUnavailable when that fails (the slot then
  // stays marked for reopening on its next lease).
  Status reopen();
  // The connection is in an unknown state (e.g. a failed ROLLBACK): reopen it on next lease.
  void discard_connection();

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool* pool, std::size_t slot) : pool_(pool), slot_(slot) {}

  ConnectionPool* pool_;
  std::size_t slot_;
};

class ConnectionPool {
 public:
  // Opens every connection; throws std::runtime_error naming the cause when one cannot be opened.
  explicit ConnectionPool(PoolSettings settings);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Waits up to `timeout` for a free connection (kUnavailable after that), reopening it first if
  // it was marked broken.
  Result<Lease> acquire(std::chrono::milliseconds timeout);
  Result<Lease> acquire() { return acquire(settings_.acquire_timeout); }

  Dialect dialect() const { return settings_.dialect; }
  std::size_t size() const { return slots_.size(); }
  std::size_t in_use() const { return in_use_.load(); }

 private:
  friend class Lease;
  struct Slot {
    std::unique_ptr<soci::session> session;
    // Declared after the session: its statements go first.
    std::unique_ptr<StatementCache> statements;
    bool broken = false;             // reopen before the next use
    std::atomic<bool> taken{false};  // leased; the lease's holder alone touches the rest
  };

  // Throws soci_error / std::runtime_error.
  std::unique_ptr<soci::session> open_session() const;
  std::unique_ptr<StatementCache> new_statement_cache() const;
  void configure(soci::session& session) const;
  Status reopen(std::size_t slot);
  bool try_take(std::size_t& slot) noexcept;
  void release(std::size_t slot) noexcept;

  PoolSettings settings_;
  std::vector<Slot> slots_;  // a slot is only touched by the holder of its lease
  // Leases are taken without a lock (Slot::taken); the mutex and condition only serve waiters.
  std::mutex mutex_;
  std::condition_variable released_;
  std::atomic<std::size_t> waiters_{0};
  std::atomic<std::size_t> in_use_{0};
};

// The SQLite connection under a SOCI session of that dialect.
sqlite_api::sqlite3* sqlite_connection(soci::session& session);

// Starts a transaction on the lease: SQLite writes BEGIN IMMEDIATE, reads BEGIN (a WAL
// snapshot); PostgreSQL writes BEGIN, reads BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY.
// A connection that died while idle (PostgreSQL restarted) fails here first: it is reopened and
// BEGIN tried once more, which is safe because nothing has run yet. Never throws.
Status begin_transaction(Lease& lease, bool writing);

// Commits; throws SOCI's backend errors (classify_current_exception applies).
void commit_transaction(Lease& lease);

// Ends the transaction keeping nothing. If even ROLLBACK fails the connection is in an unknown
// state, so it is replaced on its next lease instead of being reused. Never throws.
void roll_back_transaction(Lease& lease) noexcept;

// Runs a script of one or more statements through the driver's own multi-statement call
// (sqlite3_exec / PQexec), bypassing SOCI's placeholder parsing. Throws SOCI's backend errors
// so that classify_current_exception() applies.
void run_script(soci::session& session, Dialect dialect, std::string_view sql);

}  // namespace atrium::store
