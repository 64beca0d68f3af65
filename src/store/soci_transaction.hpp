#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>

#include "core/result.hpp"
#include "domain/storage.hpp"
#include "store/connection_pool.hpp"
#include "store/sql_errors.hpp"

// Internal to src/store: the repositories of one open transaction, on its leased connection.
namespace atrium::store {

class SociTransaction final : public Transaction {
 public:
  SociTransaction(Lease& lease, bool writing);
  ~SociTransaction() override;
  SociTransaction(const SociTransaction&) = delete;
  SociTransaction& operator=(const SociTransaction&) = delete;

  UserRepository& users() override;
  ApiTokenRepository& api_tokens() override;
  SystemRepository& system() override;

  // The error that made the transaction unusable (lost connection, unexpected SQL error, or a
  // PostgreSQL conflict that could not be undone): it must roll back, and every later statement
  // fails with the same error. Conflicts normally leave it usable, on both databases.
  const std::optional<Error>& failure() const { return failure_; }

  soci::session& session() { return lease_.session(); }
  Dialect dialect() const { return lease_.dialect(); }

  // Runs `body` (SOCI calls that may throw) and turns any exception into an error; never throws.
  // `may_conflict` statements are wrapped in a savepoint on PostgreSQL so that a unique or
  // foreign-key violation fails that statement only, as it does on SQLite. `on_conflict`
  // replaces the generic conflict error (e.g. with "user.email_taken").
  template <typename F>
  auto attempt(std::string_view context, bool may_conflict, F&& body,
               Error (*on_conflict)(const SqlFailure&) = nullptr) -> Result<decltype(body())>;

 private:
  // Shared handling of a caught exception (call only inside a catch block).
  Error handle_failure(std::string_view context, bool savepoint,
                       Error (*on_conflict)(const SqlFailure&)) noexcept;

  Lease& lease_;
  bool writing_;
  std::optional<Error> failure_;
  std::unique_ptr<UserRepository> users_;
  std::unique_ptr<ApiTokenRepository> api_tokens_;
  std::unique_ptr<SystemRepository> system_;
};

template <typename F>
auto SociTransaction::attempt(std::string_view context, bool may_conflict, F&& body,
                              Error (*on_conflict)(const SqlFailure&)) -> Result<decltype(body())> {
  using T = decltype(body());
  if (failure_) return fail(*failure_);
  const bool savepoint = may_conflict && writing_ && dialect() == Dialect::kPostgres;
  try {
    if (savepoint) session() << "SAVEPOINT atrium_statement";
    if constexpr (std::is_void_v<T>) {
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
