#pragma once

#include <nlohmann/json.hpp>

#include "domain/gateway/key_usage.hpp"

namespace atrium::http {

// {"RequestsToday": 12, "Quota": 1000 | null, "QuotaRemaining": 988 | null}: a credential's
// "Usage" (our extension; docs/gateway.md).
nlohmann::json key_usage_json(const KeyUsage& usage);

}  // namespace atrium::http
