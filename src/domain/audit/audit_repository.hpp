#pragma once

#include "core/result.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/paging.hpp"
#include "domain/storage.hpp"

namespace atrium {

class AuditRepository : public Repository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<AuditEventId> append(const AuditEvent& event) = 0;
  // Newest first (by time, then id).
  virtual Result<PageOf<AuditEvent>> list(const AuditFilter& filter, const PageRequest& page) = 0;
};

}  // namespace atrium
