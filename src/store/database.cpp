#include "store/database.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "core/non_blocking.hpp"
#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
#include "store/schema_version.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_errors.hpp"
#include "store/sqlite_connection_string.hpp"

namespace atrium::store {

namespace {

// Readiness must answer quickly even when every connection is busy.
constexpr std::chrono::milliseconds kReadinessAcquireTimeout{2000};
constexpr const char* kPostgresConnectTimeoutSeconds = "10";

Dialect require_dialect(const std::string& text) {
  const auto dialect = parse_dialect(text);
  if (!dialect) {
    throw std::runtime_error("unsupported database dialect \"" + text +
                             "\": expected \"sqlite3\" or \"postgres\"");
  }
  return *dialect;
}

// SQLite creates the file but not its directory; make `make run` work on a fresh checkout.
std::string prepare_sqlite_file(const std::string& connection_string) {
  const std::string path = sqlite_database_path(connection_string);
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      throw std::runtime_error("cannot create the directory \"" + parent.string() +
                               "\" for the SQLite database: " + error.message());
    }
  }
  return soci_sqlite_connect_string(path);
}

// libpq waits forever for an unreachable host unless told otherwise; a pool reopening
// connections during an outage must not hang. Only added to the key=value form, and only when
// the operator did not choose a value.
std::string prepare_postgres_string(const std::string& connection_string) {
  if (connection_string.find("://") != std::string::npos ||
      connection_string.find("connect_timeout") != std::string::npos) {
    return connection_string;
  }
  return connection_string + " connect_timeout=" + kPostgresConnectTimeoutSeconds;
}

PoolSettings pool_settings(const DatabaseOptions& options, Dialect dialect) {
  PoolSettings settings;
  settings.dialect = dialect;
  settings.connect_string = dialect == Dialect::kSqlite3
                                ? prepare_sqlite_file(options.connection_string)
                                : prepare_postgres_string(options.connection_string);
  settings.size = options.pool_size;
  settings.busy_timeout = options.busy_timeout;
  settings.acquire_timeout = options.acquire_timeout;
  return settings;
}

std::unique_ptr<ConnectionPool> open_pool(const DatabaseOptions& options, Dialect dialect) {
  if (dialect == Dialect::kPostgres && options.connection_string.empty()) {
    throw std::runtime_error(
        "the PostgreSQL connection string is empty: give a libpq connection string such as "
        "\"host=127.0.0.1 port=5432 user=atrium dbname=atrium\"");
  }
  PoolSettings settings = pool_settings(options, dialect);
  try {
    return std::make_unique<ConnectionPool>(std::move(settings));
  } catch (const std::exception& e) {
    // The PostgreSQL string may hold a password: name the database only for SQLite.
    const std::string what =
        dialect == Dialect::kSqlite3
            ? "the SQLite database \"" + sqlite_database_path(options.connection_string) + "\""
            : std::string("the PostgreSQL database");
    throw std::runtime_error("cannot open " + what + ": " + e.what());
  }
}

// Runs the work of a transaction, turning exceptions into errors; a statement that failed beyond
// repair fails the work even if the work ignored it.
Status run_work(const Database::Work& work, SociTransaction& tx) {
  Status result = ok();
  try {
    result = work(tx);
  } catch (const std::exception& e) {
    result = fail(internal_error(std::string("exception in a database transaction: ") + e.what()));
  } catch (...) {
    result = fail(internal_error("unknown exception in a database transaction"));
  }
  if (result && tx.failure()) result = fail(*tx.failure());
  return result;
}

// This thread's shared read transaction (begin_shared_reads), for one database at a time.
struct SharedRead {
  const SociDatabase* owner = nullptr;
  int depth = 0;
  std::optional<Lease> lease;
  std::unique_ptr<SociTransaction> tx;

  void close() noexcept {
    if (!tx) return;
    tx.reset();
    roll_back_transaction(*lease);
    lease.reset();
  }
};

thread_local SharedRead t_shared_read;

}  // namespace

SociDatabase::SociDatabase(const DatabaseOptions& options)
    : dialect_(require_dialect(options.dialect)),
      busy_timeout_(options.busy_timeout),
      pool_(open_pool(options, dialect_)) {}

SociDatabase::~SociDatabase() = default;

std::size_t SociDatabase::pool_size() const { return pool_->size(); }

std::size_t SociDatabase::pool_in_use() const { return pool_->in_use(); }

Status SociDatabase::write(const Work& work) { return run(true, work); }

Status SociDatabase::read(const Work& work) { return run(false, work); }

bool SociDatabase::begin_shared_reads() {
  SharedRead& shared = t_shared_read;
  if (shared.depth > 0 && shared.owner != this) return false;
  shared.owner = this;
  ++shared.depth;
  return true;
}

void SociDatabase::end_shared_reads() {
  SharedRead& shared = t_shared_read;
  if (shared.owner != this || shared.depth == 0) return;
  if (--shared.depth == 0) {
    shared.close();
    shared.owner = nullptr;
  }
}

Status SociDatabase::run_shared_read(const Work& work) {
  SharedRead& shared = t_shared_read;
  try {
    if (!shared.tx) {
      ATRIUM_ASSIGN_OR_RETURN(auto lease, pool_->acquire());
      ATRIUM_TRY(begin_transaction(lease, false));
      shared.lease.emplace(std::move(lease));
      shared.tx = std::make_unique<SociTransaction>(*shared.lease, false);
    }
    Status result = run_work(work, *shared.tx);
    // A broken transaction is not shared any further; the next read begins another.
    if (shared.tx->failure()) shared.close();
    return result;
  } catch (...) {
    shared.close();
    return fail(internal_error("unexpected exception around a shared read transaction"));
  }
}

Status SociDatabase::read_now(const Work& work) {
  require_blocking_allowed();
  return run_transaction(false, work);
}

Status SociDatabase::run(bool writing, const Work& work) {
  require_blocking_allowed();
  if (t_shared_read.owner != this || t_shared_read.depth == 0)
    return run_transaction(writing, work);
  if (!writing) return run_shared_read(work);
  // Later reads of the scope must see this write: end the shared snapshot before it, and again
  // after it in case a read nested in the write's work began one.
  t_shared_read.close();
  Status result = run_transaction(true, work);
  t_shared_read.close();
  return result;
}

Status SociDatabase::run_transaction(bool writing, const Work& work) {
  try {
    const bool gate = writing && dialect_ == Dialect::kSqlite3;
    if (gate && !enter_sqlite_writer()) {
      return fail(database_unavailable("another write held the SQLite database for longer than " +
                                       std::to_string(busy_timeout_.count()) + " ms"));
    }
    // Leaves the writer queue on every path, after the lease below has gone back to the pool.
    const std::unique_ptr<SociDatabase, void (*)(SociDatabase*)> leave(
        gate ? this : nullptr, [](SociDatabase* db) { db->leave_sqlite_writer(); });
    ATRIUM_ASSIGN_OR_RETURN(auto lease, pool_->acquire());
    ATRIUM_TRY(begin_transaction(lease, writing));

    SociTransaction tx(lease, writing);
    Status result = run_work(work, tx);

    if (!result || !writing) {
      roll_back_transaction(lease);
      return result;
    }
    try {
      commit_transaction(lease);
      committed_writes_.fetch_add(1, std::memory_order_release);
      return ok();
    } catch (...) {
      const SqlFailure failure = classify_current_exception();
      roll_back_transaction(lease);
      if (!lease.connection_alive()) lease.discard_connection();
      return fail(to_error(failure, "COMMIT"));
    }
  } catch (...) {
    // Only allocation failures can get here; still, nothing may escape.
    return fail(internal_error("unexpected exception around a database transaction"));
  }
}

bool SociDatabase::enter_sqlite_writer() {
  std::unique_lock lock(sqlite_writer_mutex_);
  if (!sqlite_writer_left_.wait_for(lock, busy_timeout_,
                                    [this] { return !sqlite_writer_inside_; })) {
    return false;
  }
  sqlite_writer_inside_ = true;
  return true;
}

void SociDatabase::leave_sqlite_writer() {
  {
    std::lock_guard lock(sqlite_writer_mutex_);
    sqlite_writer_inside_ = false;
  }
  sqlite_writer_left_.notify_one();
}

Status SociDatabase::execute_script(std::string_view sql) {
  const std::string script(sql);
  return write([&](Transaction& tx) -> Status {
    auto& soci_tx = static_cast<SociTransaction&>(tx);
    return soci_tx.attempt("execute_script", false,
                           [&] { run_script(soci_tx.session(), dialect_, script); });
  });
}

Status SociDatabase::check() {
  ATRIUM_ASSIGN_OR_RETURN(auto lease, pool_->acquire(kReadinessAcquireTimeout));
  auto applied = read_schema_version(lease);
  if (!applied) {
    Error error = std::move(applied).error();
    if (error.code != ErrorCode::kUnavailable) {
      error = database_unavailable(error.detail.empty() ? error.message : error.detail);
    }
    return fail(std::move(error));
  }
  const int latest = latest_schema_version();
  if (*applied != latest) {
    return fail(unavailable("database.schema_mismatch",
                            "the database schema is at version " + std::to_string(*applied) +
                                " but this server needs version " + std::to_string(latest) +
                                (*applied < latest ? "; run `atrium migrate`" : "")));
  }
  return ok();
}

std::unique_ptr<SociDatabase> open_database(const DatabaseOptions& options) {
  return std::make_unique<SociDatabase>(options);
}

}  // namespace atrium::store
