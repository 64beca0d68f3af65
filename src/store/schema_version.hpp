#pragma once

#include "core/result.hpp"
#include "store/connection_pool.hpp"

// Internal to src/store: reading the schema version on a connection already leased (readiness
// uses its own short wait for the lease).
namespace atrium::store {

// The highest applied migration version; 0 when none (no schema_migrations table). Never throws.
Result<int> read_schema_version(Lease& lease);

}  // namespace atrium::store
