#pragma once

#include <string>

#include "domain/audit/audit_event.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

// An audit event row (alias a).
extern const std::string kAuditColumns;

struct AuditRow {
  long long id = 0;
  long long occurred_at = 0;
  long long actor_id = 0;
  soci::indicator actor_indicator = soci::i_ok;
  std::string actor_email;
  std::string actor_role;
  std::string action;
  std::string target_type;
  std::string target_id;
  long long organisation_id = 0;
  soci::indicator organisation_indicator = soci::i_ok;
  std::string source_address;
  std::string changes;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, occurred_at);
    map_column(statement, actor_id, actor_indicator);
    map_column(statement, actor_email);
    map_column(statement, actor_role);
    map_column(statement, action);
    map_column(statement, target_type);
    map_column(statement, target_id);
    map_column(statement, organisation_id, organisation_indicator);
    map_column(statement, source_address);
    map_column(statement, changes);
  }
  AuditEvent to_event() const;
};

}  // namespace atrium::store
