#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/result.hpp"

// The storage contract of the domain: a unit of work (Transaction) on a Database. Each area
// declares its own repository interfaces beside its types (domain/<area>/*_repository.hpp);
// src/store implements them for SQLite and PostgreSQL, and the contract suites (tests/contract)
// run against both. Repository methods never throw.
namespace atrium {

// The base of every repository interface, so that a transaction can hold any of them.
class Repository {
 public:
  virtual ~Repository() = default;
};

// A small number per repository interface, given out on first use: a transaction keeps its
// repositories in a table indexed by it, so finding one costs an index, not a lookup.
using RepositorySlot = std::size_t;
namespace detail {
inline std::atomic<RepositorySlot> next_repository_slot{0};
}  // namespace detail
template <typename R>
RepositorySlot repository_slot() {
  static_assert(std::is_base_of_v<Repository, R>, "repositories derive from atrium::Repository");
  static const RepositorySlot slot = detail::next_repository_slot.fetch_add(1);
  return slot;
}

// One unit of work: everything done through it commits or rolls back together. Its repositories
// are made on first use: `tx.get<UserRepository>()`.
class Transaction {
 public:
  virtual ~Transaction() = default;

  template <typename R>
  R& get() {
    return static_cast<R&>(repository(repository_slot<R>()));
  }

 protected:
  // The repository of that slot in this transaction (made on first use). Asking for one that no
  // storage implements is a broken invariant: it throws std::logic_error.
  virtual Repository& repository(RepositorySlot slot) = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  using Work = std::function<Status(Transaction&)>;
  // Runs `work` in a transaction that may write; commits when it returns success, else rolls
  // back and returns its error. Conflicts and lost connections come back as errors.
  virtual Status write(const Work& work) = 0;
  // Runs `work` on a consistent read-only snapshot.
  virtual Status read(const Work& work) = 0;

  // Until end_shared_reads(), this thread's reads share one read transaction (one snapshot, one
  // connection), begun by the first of them: a request that authenticates and then lists pays for
  // one transaction instead of two. A write ends the shared transaction first, so that later
  // reads see what was written. False when it did not take effect (then do not call end).
  virtual bool begin_shared_reads() { return false; }
  virtual void end_shared_reads() {}
  // A read in a transaction of its own, begun now, even inside a shared-reads scope: for what
  // must see every commit made before the call (freshness/version_board.hpp).
  virtual Status read_now(const Work& work) { return read(work); }
  // How many write transactions this process has committed: whoever keeps copies of the data in
  // memory checks them again once this moves (freshness/version_board.hpp).
  virtual std::uint64_t committed_writes() const { return 0; }

  // Typed conveniences over write/read.
  template <typename F>
  auto write_result(F&& f) -> decltype(f(std::declval<Transaction&>())) {
    return run_typed(true, std::forward<F>(f));
  }
  template <typename F>
  auto read_result(F&& f) -> decltype(f(std::declval<Transaction&>())) {
    return run_typed(false, std::forward<F>(f));
  }

 private:
  template <typename F>
  auto run_typed(bool writing, F&& f) -> decltype(f(std::declval<Transaction&>())) {
    using R = decltype(f(std::declval<Transaction&>()));
    std::optional<R> out;
    const Work work = [&](Transaction& tx) -> Status {
      out.emplace(f(tx));
      if (!*out) return fail(out->error());
      return ok();
    };
    Status status = writing ? write(work) : read(work);
    if (!status) return fail(std::move(status).error());
    return std::move(*out);
  }
};

// Shares the reads of a scope (Database::begin_shared_reads) until destroyed; a null database
// shares nothing.
class SharedReads {
 public:
  explicit SharedReads(Database* database)
      : database_(database != nullptr && database->begin_shared_reads() ? database : nullptr) {}
  ~SharedReads() {
    if (database_ != nullptr) database_->end_shared_reads();
  }
  SharedReads(const SharedReads&) = delete;
  SharedReads& operator=(const SharedReads&) = delete;

 private:
  Database* database_;
};

// Whether the database can serve: reachable, and at the schema version this binary expects.
class ReadinessProbe {
 public:
  virtual ~ReadinessProbe() = default;
  virtual Status check() = 0;
};

}  // namespace atrium
