#include "store/soci_transaction.hpp"

#include <stdexcept>

#include "store/repository_registry.hpp"

namespace atrium::store {

SociTransaction::SociTransaction(Lease& lease, bool writing) : lease_(lease), writing_(writing) {}

SociTransaction::~SociTransaction() = default;

Repository& SociTransaction::repository(RepositorySlot slot) {
  if (slot < repositories_.size() && repositories_[slot]) return *repositories_[slot];
  RepositoryFactory make = repository_factory(slot);
  if (make == nullptr) throw std::logic_error("no store class implements this repository");
  if (repositories_.size() <= slot) repositories_.resize(slot + 1);
  repositories_[slot] = make(*this);
  return *repositories_[slot];
}

std::string SociTransaction::for_update() {
  if (!writing_ || dialect() != Dialect::kPostgres) return {};
  if (!directory_locked_) {
    // Its own statement, so that the reads after it take their snapshot once it is held.
    session() << "SELECT version FROM directory_version WHERE id = 1 FOR NO KEY UPDATE";
    directory_locked_ = true;
  }
  return " FOR NO KEY UPDATE";
}

void SociTransaction::undo_savepoint() noexcept {
  // Locks taken after the savepoint go with it: take the directory lock again next time.
  directory_locked_ = false;
  try {
    session() << "ROLLBACK TO SAVEPOINT atrium_statement";
    session() << "RELEASE SAVEPOINT atrium_statement";
  } catch (...) {
    SqlFailure failure = classify_current_exception();
    if (!lease_.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
    failure_ = to_error(failure, "ROLLBACK TO SAVEPOINT");
  }
}

Error SociTransaction::handle_failure(std::string_view context, bool savepoint,
                                      Error (*on_conflict)(const SqlFailure&)) noexcept {
  SqlFailure failure = classify_current_exception();
  if (!lease_.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
  if (failure.is_conflict()) {
    Error error = on_conflict != nullptr ? on_conflict(failure) : to_error(failure, context);
    // SQLite undoes just the failed statement. PostgreSQL aborts the whole transaction unless we
    // return to the savepoint taken before the statement (or the body, for attempt_all).
    if (savepoint) {
      undo_savepoint();
      if (failure_) failure_ = error;
    } else if (dialect() != Dialect::kSqlite3) {
      failure_ = error;
    }
    return error;
  }
  Error error = to_error(failure, context);
  failure_ = error;
  return error;
}

}  // namespace atrium::store
