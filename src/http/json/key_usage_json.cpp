#include "http/json/key_usage_json.hpp"

namespace atrium::http {

nlohmann::json key_usage_json(const KeyUsage& usage) {
  const auto or_null = [](const std::optional<long long>& n) {
    return n ? nlohmann::json(*n) : nlohmann::json(nullptr);
  };
  return {{"RequestsToday", usage.requests_today},
          {"Quota", or_null(usage.quota)},
          {"QuotaRemaining", or_null(usage.quota_remaining)}};
}

}  // namespace atrium::http
