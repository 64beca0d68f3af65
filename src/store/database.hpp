#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/storage.hpp"
#include "store/dialect.hpp"

// The storage adapter of the domain's Database contract, over SOCI (SQLite or PostgreSQL).
// This header names no SOCI type, so the composition root can use it without SOCI's headers.
namespace atrium::store {

struct DatabaseOptions {
  std::string dialect = "sqlite3";  // "sqlite3" | "postgres"
  // sqlite3: a file path ("data/atrium.db"; "file:path" and "db=path" are accepted too).
  // postgres: a libpq connection string ("host=... dbname=..." or "postgresql://...").
  std::string connection_string;
  std::size_t pool_size = 8;
  // SQLite: how long a writer waits for another writer (also in-process) before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  // How long write()/read() wait for a free connection before answering kUnavailable.
  std::chrono::milliseconds acquire_timeout{10000};
};

class ConnectionPool;  // internal, see store/connection_pool.hpp

// A pool of connections plus the transaction helper. Thread-safe; one instance per process.
// Every connection is opened at construction so that a bad configuration fails start-up; a
// connection that breaks later (PostgreSQL restart) is reopened on its next use.
class SociDatabase final : public Database, public ReadinessProbe {
 public:
  // Throws std::runtime_error with a message for operators when the options are invalid or the
  // database cannot be opened.
  explicit SociDatabase(const DatabaseOptions& options);
  ~SociDatabase() override;
  SociDatabase(const SociDatabase&) = delete;
  SociDatabase& operator=(const SociDatabase&) = delete;

  // SQLite writes start with BEGIN IMMEDIATE (writers queue for the lock up front instead of
  // deadlocking on a read-to-write upgrade); PostgreSQL writes are READ COMMITTED.
  Status write(const Work& work) override;
  // SQLite: a deferred transaction (a WAL snapshot); PostgreSQL: REPEATABLE READ, READ ONLY.
  // Always rolled back, so nothing written through a read is ever kept.
  Status read(const Work& work) override;
  bool begin_shared_reads() override;
  void end_shared_reads() override;
  Status read_now(const Work& work) override;
  std::uint64_t committed_writes() const override {
    return committed_writes_.load(std::memory_order_acquire);
  }

  // kUnavailable unless the database answers and its schema is at latest_schema_version().
  Status check() override;

  // Runs one or more SQL statements as a single write transaction. For operator tools and tests
  // (e.g. to break a database on purpose); the application goes through the repositories.
  Status execute_script(std::string_view sql);

  Dialect dialect() const { return dialect_; }
  std::size_t pool_size() const;
  std::size_t pool_in_use() const;

  // Internal to src/store (migrations); the type is incomplete elsewhere.
  ConnectionPool& pool() { return *pool_; }

 private:
  Status run(bool writing, const Work& work);
  Status run_shared_read(const Work& work);
  Status run_transaction(bool writing, const Work& work);
  bool enter_sqlite_writer();
  void leave_sqlite_writer();

  Dialect dialect_;
  std::chrono::milliseconds busy_timeout_;
  std::unique_ptr<ConnectionPool> pool_;
  // SQLite has one writer at a time: in-process writers queue here (no busy polling) before
  // taking a connection; busy_timeout still arbitrates between processes.
  std::mutex sqlite_writer_mutex_;
  std::condition_variable sqlite_writer_left_;
  bool sqlite_writer_inside_ = false;
  // Incremented after each COMMIT, so that a reader who sees the new count sees the commit too.
  std::atomic<std::uint64_t> committed_writes_{0};
};

// The factory the composition root uses; throws std::runtime_error like the constructor.
std::unique_ptr<SociDatabase> open_database(const DatabaseOptions& options);

}  // namespace atrium::store
