#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

// Internal to src/store: the one place where database failures become domain errors.
namespace atrium::store {

enum class SqlFailureKind {
  kUniqueViolation,      // a unique or primary key constraint
  kForeignKeyViolation,  // a row refers to one that does not exist (or is still referred to)
  kNotInOrganisation,    // a membership in a team of another organisation (migration 0007)
  kUnavailable,          // connection lost or refused, database busy or locked, server going down
  kInternal,             // anything else: a bug or a broken schema
};

struct SqlFailure {
  SqlFailureKind kind = SqlFailureKind::kInternal;
  std::string detail;  // the driver's message (may contain SQL): for the server log only

  bool is_conflict() const {
    return kind == SqlFailureKind::kUniqueViolation ||
           kind == SqlFailureKind::kForeignKeyViolation ||
           kind == SqlFailureKind::kNotInOrganisation;
  }
};

// Classifies the exception being handled; call it only inside a catch block. Never throws.
// SOCI 4.0 gives SQLite errors no category, so SQLite is classified by its (extended) result
// code and PostgreSQL by SQLSTATE.
SqlFailure classify_current_exception() noexcept;

// The domain error for a failure while doing `context` (e.g. "users.create"). Conflicts get a
// generic id ("storage.duplicate", "storage.missing_reference"); repositories that know better
// use the specific errors below instead.
Error to_error(const SqlFailure& failure, std::string_view context);

// The database cannot serve right now (kUnavailable, id "database.unavailable").
Error database_unavailable(std::string detail);

// Conflicts the domain switches on (their ids are part of the API):
// users.create / users.update hitting the unique email key -> "user.email_taken" with a field
// error on Email.
Error user_create_conflict(const SqlFailure& failure);
Error user_update_conflict(const SqlFailure& failure);
// organisations.create / rename hitting the unique name key -> "organisation.name_taken", field
// error on Name.
Error organisation_name_conflict(const SqlFailure& failure);
// teams.create / rename hitting the unique (organisation, name key) -> "team.name_taken", field
// error on Name.
Error team_name_conflict(const SqlFailure& failure);
// organisations.remove blocked by the users still referring to it -> "organisation.not_empty".
Error organisation_remove_conflict(const SqlFailure& failure);
// The error of organisations.remove while users remain.
Error organisation_not_empty();
// the 'bootstrapped' row of system_flags exists -> "bootstrap.done".
Error bootstrap_conflict(const SqlFailure& failure);

}  // namespace atrium::store
