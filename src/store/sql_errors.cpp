#include "store/sql_errors.hpp"

#include <exception>
#include <string>

#include "store/soci_headers.hpp"

namespace atrium::store {

namespace {

// SQLite primary result codes (the low byte of an extended code); see sqlite.org/rescode.html.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;
// Extended codes, reported because connections enable sqlite3_extended_result_codes.
constexpr int kSqliteConstraintForeignKey = 787;
constexpr int kSqliteConstraintPrimaryKey = 1555;
constexpr int kSqliteConstraintUnique = 2067;
constexpr int kSqliteConstraintTrigger = 1811;

// The refusal of migration 0007's triggers starts with this on both databases.
constexpr std::string_view kNotInOrganisation = "team.not_in_organisation";

SqlFailureKind classify_sqlite(int code, std::string_view message) {
  switch (code) {
    case kSqliteConstraintUnique:
    case kSqliteConstraintPrimaryKey:
      return SqlFailureKind::kUniqueViolation;
    case kSqliteConstraintForeignKey:
      return SqlFailureKind::kForeignKeyViolation;
    case kSqliteConstraintTrigger:
      if (message.find(kNotInOrganisation) != std::string_view::npos) {
        return SqlFailureKind::kNotInOrganisation;
      }
      return SqlFailureKind::kInternal;
    default:
      break;
  }
  switch (code & 0xFF) {
    case kSqliteConstraint:
      // A connection without extended codes reports only 19: fall back on the fixed text.
      if (message.find("UNIQUE constraint failed") != std::string_view::npos) {
        return SqlFailureKind::kUniqueViolation;
      }
      if (message.find("FOREIGN KEY constraint failed") != std::string_view::npos) {
        return SqlFailureKind::kForeignKeyViolation;
      }
      if (message.find(kNotInOrganisation) != std::string_view::npos) {
        return SqlFailureKind::kNotInOrganisation;
      }
      return SqlFailureKind::kInternal;  // NOT NULL / CHECK: the domain should have refused it
    case kSqliteBusy:
    case kSqliteLocked:
    case kSqliteIoErr:
    case kSqliteFull:
    case kSqliteCantOpen:
      return SqlFailureKind::kUnavailable;
    default:
      return SqlFailureKind::kInternal;
  }
}

SqlFailureKind classify_postgres(const std::string& sqlstate,
                                 soci::soci_error::error_category category,
                                 std::string_view message) {
  if (sqlstate == "23505") return SqlFailureKind::kUniqueViolation;
  if (sqlstate == "23503") return SqlFailureKind::kForeignKeyViolation;
  if (sqlstate == "23514" && message.find(kNotInOrganisation) != std::string_view::npos) {
    return SqlFailureKind::kNotInOrganisation;
  }
  const std::string_view klass = std::string_view(sqlstate).substr(0, 2);
  // 08: connection exception; 53: insufficient resources (too many connections, disk full);
  // 57P0x: admin shutdown, crash shutdown, cannot connect now; 40001/40P01: serialization
  // failure and deadlock (retry); 55P03: lock not available.
  if (klass == "08" || klass == "53" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return SqlFailureKind::kUnavailable;
  }
  if (category == soci::soci_error::connection_error) return SqlFailureKind::kUnavailable;
  return SqlFailureKind::kInternal;
}

// SOCI's what() appends the statement and its bound values ("while executing … with :p1=…"),
// which can hold password hashes and token hashes: logs get the error message alone.
std::string without_bound_values(const soci::soci_error& e) {
  std::string message = e.get_error_message();
  const auto context = message.find(" while executing");
  if (context != std::string::npos) message.erase(context);
  return message;
}

}  // namespace

SqlFailure classify_current_exception() noexcept {
  SqlFailure failure;
  try {
    try {
      throw;
    } catch (const soci::sqlite3_soci_error& e) {
      failure.detail = without_bound_values(e);
      failure.kind = classify_sqlite(e.result(), failure.detail);
    } catch (const soci::postgresql_soci_error& e) {
      failure.detail = without_bound_values(e);
      failure.kind = classify_postgres(e.sqlstate(), e.get_error_category(), failure.detail);
    } catch (const soci::soci_error& e) {
      failure.detail = without_bound_values(e);
      failure.kind = e.get_error_category() == soci::soci_error::connection_error
                         ? SqlFailureKind::kUnavailable
                         : SqlFailureKind::kInternal;
    } catch (const std::exception& e) {
      failure.detail = e.what();
      failure.kind = SqlFailureKind::kInternal;
    } catch (...) {
      failure.detail = "unknown exception";
      failure.kind = SqlFailureKind::kInternal;
    }
  } catch (...) {
    // Copying a message can only fail for lack of memory; keep what we have.
    failure.kind = SqlFailureKind::kInternal;
  }
  return failure;
}

Error to_error(const SqlFailure& failure, std::string_view context) {
  std::string detail = std::string(context) + ": " + failure.detail;
  switch (failure.kind) {
    case SqlFailureKind::kUniqueViolation: {
      Error e = conflict("storage.duplicate", "a record with the same unique value already exists");
      e.detail = std::move(detail);
      return e;
    }
    case SqlFailureKind::kForeignKeyViolation: {
      Error e = conflict("storage.missing_reference",
                         "the change refers to a record that does not exist");
      e.detail = std::move(detail);
      return e;
    }
    case SqlFailureKind::kNotInOrganisation: {
      Error e = conflict("team.not_in_organisation",
                         "a user's teams must be teams of the user's organisation");
      e.detail = std::move(detail);
      return e;
    }
    case SqlFailureKind::kUnavailable:
      return database_unavailable(std::move(detail));
    case SqlFailureKind::kInternal:
      break;
  }
  return internal_error(std::move(detail));
}

Error database_unavailable(std::string detail) {
  return unavailable("database.unavailable", "the database is unavailable; try again later",
                     std::move(detail));
}

namespace {

// A unique violation of the index whose name (PostgreSQL) or column list (SQLite) contains
// `key` becomes `id` with a field error; any other conflict (e.g. a clash of random cids) stays
// generic. Both drivers name the index or its columns in the message: users_email_key_key /
// users.email_key, teams_name_key_key / teams.organisation_id, teams.name_key.
Error unique_field_conflict(const SqlFailure& failure, std::string_view context,
                            std::string_view key, const char* id, const char* message,
                            const char* field) {
  if (failure.kind != SqlFailureKind::kUniqueViolation ||
      failure.detail.find(key) == std::string::npos) {
    return to_error(failure, context);
  }
  Error e = conflict(id, message);
  e.fields.push_back(FieldError{field, "is already taken"});
  e.detail = std::string(context) + ": " + failure.detail;
  return e;
}

}  // namespace

Error user_create_conflict(const SqlFailure& failure) {
  return unique_field_conflict(failure, "users.create", "email_key", "user.email_taken",
                               "a user with this email address already exists", "Email");
}

Error user_update_conflict(const SqlFailure& failure) {
  return unique_field_conflict(failure, "users.update", "email_key", "user.email_taken",
                               "a user with this email address already exists", "Email");
}

Error organisation_name_conflict(const SqlFailure& failure) {
  return unique_field_conflict(failure, "organisations", "name_key", "organisation.name_taken",
                               "an organisation with this name already exists", "Name");
}

Error team_name_conflict(const SqlFailure& failure) {
  return unique_field_conflict(failure, "teams", "name_key", "team.name_taken",
                               "the organisation already has a team with this name", "Name");
}

Error organisation_not_empty() {
  return conflict("organisation.not_empty",
                  "the organisation still has users; move them to another organisation first");
}

Error organisation_remove_conflict(const SqlFailure& failure) {
  if (failure.kind != SqlFailureKind::kForeignKeyViolation) {
    return to_error(failure, "organisations.remove");
  }
  Error e = organisation_not_empty();
  e.detail = "organisations.remove: " + failure.detail;
  return e;
}

Error bootstrap_conflict(const SqlFailure& failure) {
  if (failure.kind != SqlFailureKind::kUniqueViolation) {
    return to_error(failure, "system.mark_bootstrapped");
  }
  Error e = conflict("bootstrap.done", "the portal is already bootstrapped: an API Owner exists");
  e.detail = "system.mark_bootstrapped: " + failure.detail;
  return e;
}

}  // namespace atrium::store
