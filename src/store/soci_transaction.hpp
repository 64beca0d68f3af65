#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/audit/audit_repository.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/auth/system_repository.hpp"
#include "domain/auth/throttle_repository.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/settings/settings_repository.hpp"
#include "domain/storage.hpp"
#include "store/connection_pool.hpp"
#include "store/sql_errors.hpp"

// Internal to src/store: the repositories of one open transaction, on its leased connection.
namespace atrium::store {

// What SociTransaction::attempt answers for a body returning T: Result<T>, or T itself when T
// is already a Result.
template <typename T>
struct AttemptResult {
  using type = Result<T>;
  static constexpr bool kIsResult = false;
};
template <typename T>
struct AttemptResult<Result<T>> {
  using type = Result<T>;
  static constexpr bool kIsResult = true;
};
template <typename T>
using attempt_result_t = typename AttemptResult<T>::type;

class SociTransaction final : public Transaction {
 public:
  SociTransaction(Lease& lease, bool writing);
  ~SociTransaction() override;
  SociTransaction(const SociTransaction&) = delete;
  SociTransaction& operator=(const SociTransaction&) = delete;

  // The error that made the transaction unusable (lost connection, unexpected SQL error, or a
  // PostgreSQL conflict that could not be undone): it must roll back, and every later statement
  // fails with the same error. Conflicts normally leave it usable, on both databases.
  const std::optional<Error>& failure() const { return failure_; }

  soci::session& session() { return lease_.session(); }
  // Prepared statements of this connection (SQLite; null for PostgreSQL): statement_cache.hpp.
  StatementCache* statements() { return lease_.statements(); }
  // SQLite only.
  sqlite_api::sqlite3* sqlite_connection() { return store::sqlite_connection(session()); }
  Dialect dialect() const { return lease_.dialect(); }

  // What ends a single-row read that may precede a change of that row (find, find_by_*,
  // teams_of, …): in a write transaction on PostgreSQL " FOR NO KEY UPDATE", after taking the
  // directory lock (the directory_version row) once per transaction; otherwise "" (SQLite's
  // BEGIN IMMEDIATE already serialises writers; reads change nothing). Every read-modify-write
  // thus reads its rows locked and fresh, and takes the directory lock before any row lock, in
  // the order the version triggers take it (migration 0006), so two of them cannot deadlock
  // (docs/storage.md, "Concurrent changes"). Throws on failure: call it inside attempt().
  std::string for_update();

  // Runs `body` (SOCI calls that may throw) and turns any exception into an error; never throws.
  // `may_conflict` statements are wrapped in a savepoint on PostgreSQL so that a unique or
  // foreign-key violation fails that statement only, as it does on SQLite. `on_conflict`
  // replaces the generic conflict error (e.g. with "user.email_taken").
  // `body` returns a value, nothing, or a Result (to refuse with a domain error, e.g. not found);
  // the answer is Result<value>, Status, or that Result.
  template <typename F>
  auto attempt(std::string_view context, bool may_conflict, F&& body,
               Error (*on_conflict)(const SqlFailure&) = nullptr)
      -> attempt_result_t<std::invoke_result_t<F&>> {
    const bool savepoint = may_conflict && writing_ && dialect() == Dialect::kPostgres;
    return guarded(context, savepoint, body, on_conflict);
  }

  // Like attempt(), for a body of several writes that must apply together or not at all: a
  // conflict in any of them, or an error Result from `body`, undoes the whole body (under a
  // savepoint, on both databases) and leaves the transaction usable.
  template <typename F>
  auto attempt_all(std::string_view context, F&& body,
                   Error (*on_conflict)(const SqlFailure&) = nullptr)
      -> attempt_result_t<std::invoke_result_t<F&>> {
    return guarded(context, writing_, body, on_conflict);
  }

 protected:
  Repository& repository(RepositorySlot slot) override;

 private:
  template <typename F>
  auto guarded(std::string_view context, bool savepoint, F& body,
               Error (*on_conflict)(const SqlFailure&))
      -> attempt_result_t<std::invoke_result_t<F&>>;

  // Returns to the savepoint taken before a body that failed; when even that fails the
  // transaction becomes unusable. Never throws.
  void undo_savepoint() noexcept;

  // Shared handling of a caught exception (call only inside a catch block).
  Error handle_failure(std::string_view context, bool savepoint,
                       Error (*on_conflict)(const SqlFailure&)) noexcept;

  Lease& lease_;
  bool writing_;
  bool directory_locked_ = false;  // for_update() took the directory lock
  std::optional<Error> failure_;
  // Made on first use, indexed by repository slot: most transactions touch two or three.
  std::vector<std::unique_ptr<Repository>> repositories_;
};

template <typename F>
auto SociTransaction::guarded(std::string_view context, bool savepoint, F& body,
                              Error (*on_conflict)(const SqlFailure&))
    -> attempt_result_t<std::invoke_result_t<F&>> {
  using T = std::invoke_result_t<F&>;
  if (failure_) return fail(*failure_);
  try {
    if (savepoint) session() << "SAVEPOINT atrium_statement";
    if constexpr (AttemptResult<T>::kIsResult) {
      T value = body();
      if (!value) {
        if (savepoint) undo_savepoint();
        return value;
      }
      if (savepoint) session() << "RELEASE SAVEPOINT atrium_statement";
      return value;
    } else if constexpr (std::is_void_v<T>) {
      body();
      if (savepoint) session() << "RELEASE SAVEPOINT atrium_statement";
      return {};
    } else {
      T value = body();
      if (savepoint) session() << "RELEASE SAVEPOINT atrium_statement";
      return value;
    }
  } catch (...) {
    return fail(handle_failure(context, savepoint, on_conflict));
  }
}

}  // namespace atrium::store
