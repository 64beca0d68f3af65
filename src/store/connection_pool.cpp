#include "store/connection_pool.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <climits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "store/sql_errors.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

sqlite_api::sqlite3* sqlite_connection(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

namespace {

PGconn* postgres_handle(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

// libpq prints NOTICEs (e.g. "table does not exist, skipping") on stderr by default.
void ignore_notice(void* /*arg*/, const char* /*message*/) {}

// A five-character SQLSTATE for postgresql_soci_error (which copies exactly five).
const char* sqlstate_or(const char* state, const char* fallback) {
  return state != nullptr && std::char_traits<char>::length(state) == 5 ? state : fallback;
}

// Before SQLite's first connection in the process: every pooled connection is used by one thread
// at a time (its lease), so SQLite's per-connection mutexes are not needed ("multi-thread"
// mode), and its allocation statistics, which we never read, take one process-wide mutex on
// every allocation: under load that mutex was a fifth of all futex calls (bench/README.md).
// sqlite3_config fails harmlessly (SQLITE_MISUSE) if SQLite was already initialised.
void configure_sqlite_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
        sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) {
      spdlog::debug("database: SQLite was initialised before its configuration");
    }
  });
}

}  // namespace

Lease::Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_) {
  other.pool_ = nullptr;
}

Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(slot_);
}

soci::session& Lease::session() { return *pool_->slots_[slot_].session; }

Dialect Lease::dialect() const { return pool_->dialect(); }

StatementCache* Lease::statements() { return pool_->slots_[slot_].statements.get(); }

bool Lease::connection_alive() {
  auto& slot = pool_->slots_[slot_];
  if (!slot.session) return false;
  if (dialect() != Dialect::kPostgres) return true;
  PGconn* connection = postgres_handle(*slot.session);
  return connection != nullptr && PQstatus(connection) == CONNECTION_OK;
}

Status Lease::reopen() { return pool_->reopen(slot_); }

void Lease::discard_connection() { pool_->slots_[slot_].broken = true; }

ConnectionPool::ConnectionPool(PoolSettings settings) : settings_(std::move(settings)) {
  if (settings_.size == 0) throw std::runtime_error("the database pool size must be at least 1");
  if (settings_.dialect == Dialect::kSqlite3) configure_sqlite_library();
  slots_ = std::vector<Slot>(settings_.size);
  for (auto& slot : slots_) {
    slot.session = open_session();  // throws: start-up fails with the driver's message
    slot.statements = new_statement_cache();
  }
}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<StatementCache> ConnectionPool::new_statement_cache() const {
  if (settings_.dialect != Dialect::kSqlite3) return nullptr;
  return std::make_unique<StatementCache>();
}

std::unique_ptr<soci::session> ConnectionPool::open_session() const {
  std::unique_ptr<soci::session> session;
  if (settings_.dialect == Dialect::kSqlite3) {
    session = std::make_unique<soci::session>(soci::sqlite3, settings_.connect_string);
  } else {
    session = std::make_unique<soci::session>(soci::postgresql, settings_.connect_string);
  }
  configure(*session);
  return session;
}

void ConnectionPool::configure(soci::session& session) const {
  if (settings_.dialect == Dialect::kPostgres) {
    PQsetNoticeProcessor(postgres_handle(session), &ignore_notice, nullptr);
    return;
  }
  sqlite_api::sqlite3* handle = sqlite_connection(session);
  // Extended codes tell a UNIQUE violation (2067) from a FOREIGN KEY one (787).
  sqlite_api::sqlite3_extended_result_codes(handle, 1);
  const long long busy_ms = std::clamp<long long>(settings_.busy_timeout.count(), 0, INT_MAX);
  sqlite_api::sqlite3_busy_timeout(handle, static_cast<int>(busy_ms));
  // foreign_keys is off by default in SQLite and is per connection; NORMAL is durable enough in
  // WAL mode (a power cut may lose the last commits, never corrupt the file).
  run_script(session, Dialect::kSqlite3, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
  // Switching a new file to WAL needs an exclusive lock, and SQLite answers "locked" at once,
  // without its busy handler, when another connection is switching too (two processes starting
  // on a fresh file). Retry until busy_timeout like the busy handler would.
  const auto deadline = std::chrono::steady_clock::now() + settings_.busy_timeout;
  std::string mode;
  for (;;) {
    try {
      session << "PRAGMA journal_mode = WAL", soci::into(mode);
      break;
    } catch (const soci::sqlite3_soci_error& e) {
      const int primary = e.result() & 0xFF;
      const bool busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
      if (!busy || std::chrono::steady_clock::now() >= deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  if (mode != "wal") {
    throw std::runtime_error("SQLite could not switch the database to WAL mode (journal_mode is '" +
                             mode + "'); is it on a network file system?");
  }
}

bool ConnectionPool::try_take(std::size_t& slot) noexcept {
  // Each thread starts where it last succeeded, so that with as many connections as threads
  // every thread keeps finding its own free connection on the first try.
  thread_local std::size_t hint = 0;
  const std::size_t n = slots_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t candidate = (hint + i) % n;
    bool expected = false;
    if (slots_[candidate].taken.compare_exchange_strong(expected, true)) {
      hint = candidate;
      slot = candidate;
      return true;
    }
  }
  return false;
}

Result<Lease> ConnectionPool::acquire(std::chrono::milliseconds timeout) {
  std::size_t slot = 0;
  if (!try_take(slot)) {
    // Slow path: wait for a release. Waiters are counted before looking again, and release()
    // notifies under the mutex whenever there are waiters, so no release goes unnoticed.
    std::unique_lock lock(mutex_);
    waiters_.fetch_add(1);
    const bool taken = released_.wait_for(lock, timeout, [&] { return try_take(slot); });
    waiters_.fetch_sub(1);
    if (!taken) {
      return fail(database_unavailable("no free database connection within " +
                                       std::to_string(timeout.count()) + " ms (pool size " +
                                       std::to_string(slots_.size()) + ")"));
    }
  }
  in_use_.fetch_add(1);
  Lease lease(this, slot);
  if (slots_[slot].broken || !slots_[slot].session) {
    if (Status reopened = reopen(slot); !reopened) return fail(std::move(reopened).error());
  }
  return lease;
}

Status ConnectionPool::reopen(std::size_t slot) {
  auto& entry = slots_[slot];
  entry.statements.reset();  // they belong to the old connection
  entry.session.reset();     // a dead PostgreSQL connection: PQfinish it before opening another
  try {
    entry.session = open_session();
    entry.statements = new_statement_cache();
    entry.broken = false;
    spdlog::info("database: reopened a {} connection", to_string(settings_.dialect));
    return ok();
  } catch (...) {
    entry.broken = true;
    SqlFailure failure = classify_current_exception();
    spdlog::warn("database: cannot reopen a {} connection: {}", to_string(settings_.dialect),
                 failure.detail);
    return fail(database_unavailable("reopening a connection: " + failure.detail));
  }
}

void ConnectionPool::release(std::size_t slot) noexcept {
  in_use_.fetch_sub(1);
  slots_[slot].taken.store(false);
  if (waiters_.load() > 0) {
    { const std::lock_guard lock(mutex_); }
    released_.notify_one();
  }
}

namespace {

// SQLite's control statements are prepared once per connection (StatementCache); PostgreSQL's go
// as text.
void run_control(Lease& lease, StatementCache::Control control, const char* text) {
  if (StatementCache* cache = lease.statements(); cache != nullptr) {
    cache->run(sqlite_connection(lease.session()), control);
  } else {
    lease.session() << text;
  }
}

}  // namespace

Status begin_transaction(Lease& lease, bool writing) {
  using Control = StatementCache::Control;
  const char* statement = nullptr;
  if (lease.dialect() == Dialect::kSqlite3) {
    statement = writing ? "BEGIN IMMEDIATE" : "BEGIN";
  } else {
    statement = writing ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }
  for (int attempt = 0;; ++attempt) {
    try {
      run_control(lease, writing ? Control::kBeginImmediate : Control::kBegin, statement);
      return ok();
    } catch (...) {
      SqlFailure failure = classify_current_exception();
      if (lease.connection_alive()) return fail(to_error(failure, statement));
      if (attempt > 0) {
        lease.discard_connection();
        return fail(database_unavailable(std::string(statement) + ": " + failure.detail));
      }
      spdlog::warn("database: connection lost ({}); reopening it", failure.detail);
      if (Status reopened = lease.reopen(); !reopened) return reopened;
    }
  }
}

void commit_transaction(Lease& lease) {
  run_control(lease, StatementCache::Control::kCommit, "COMMIT");
}

void roll_back_transaction(Lease& lease) noexcept {
  try {
    run_control(lease, StatementCache::Control::kRollback, "ROLLBACK");
  } catch (...) {
    const SqlFailure failure = classify_current_exception();
    spdlog::warn("database: ROLLBACK failed ({}); the connection will be reopened", failure.detail);
    lease.discard_connection();
  }
}

void run_script(soci::session& session, Dialect dialect, std::string_view sql) {
  const std::string script(sql);
  if (dialect == Dialect::kSqlite3) {
    sqlite_api::sqlite3* handle = sqlite_connection(session);
    char* message = nullptr;
    const int rc = sqlite_api::sqlite3_exec(handle, script.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite_api::sqlite3_errmsg(handle);
      sqlite_api::sqlite3_free(message);
      throw soci::sqlite3_soci_error(text, rc);
    }
    return;
  }
  PGconn* handle = postgres_handle(session);
  PGresult* result = PQexec(handle, script.c_str());
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    PQclear(result);
    return;
  }
  std::string text = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(handle);
  // No SQLSTATE means libpq itself failed: the connection is gone (08006) or something odd.
  const char* fallback = PQstatus(handle) == CONNECTION_OK ? "XX000" : "08006";
  const std::string state = sqlstate_or(
      result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr, fallback);
  PQclear(result);
  throw soci::postgresql_soci_error(text, state.c_str());
}

}  // namespace atrium::store
