#include "domain/gateway/key_usage.hpp"

#include <algorithm>

#include "domain/apps/access_request_repository.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/gateway/gateway_repository.hpp"
#include "domain/gateway/quota_counter.hpp"

namespace atrium {

namespace {

GrantLimits quota_of(const PlanFields& plan) {
  GrantLimits limits;
  limits.quota = plan.quota;
  limits.quota_period = plan.quota_renewal_rate;
  limits.unlimited_quota = plan.unlimited_quota;
  return limits;
}

}  // namespace

Result<std::map<CredentialId, KeyUsage>> KeyUsageService::usage(
    const std::vector<Credential>& credentials) {
  const TimePoint now = clock_.now();
  return db_.read_result([&](Transaction& tx) -> Result<std::map<CredentialId, KeyUsage>> {
    std::map<CredentialId, KeyUsage> out;
    std::map<PlanId, std::optional<Plan>> plans;
    for (const Credential& credential : credentials) {
      ATRIUM_ASSIGN_OR_RETURN(auto request,
                              tx.get<AccessRequestRepository>().find(credential.access_request_id));
      if (!request) continue;
      auto [plan, fresh] = plans.try_emplace(request->plan_id);
      if (fresh) {
        ATRIUM_ASSIGN_OR_RETURN(plan->second, tx.get<PlanRepository>().find(request->plan_id));
      }
      if (!plan->second) continue;
      const GrantLimits limits = quota_of(plan->second->fields);
      const auto window = QuotaCounter::window_start(limits, now);
      ATRIUM_ASSIGN_OR_RETURN(
          auto totals,
          tx.get<GatewayRepository>().usage(credential.id, window, QuotaCounter::day_start(now)));
      KeyUsage usage;
      usage.requests_today = totals.today;
      if (window) {
        usage.quota = limits.quota;
        usage.quota_remaining = std::max(0LL, limits.quota - totals.quota_used);
      }
      out[credential.id] = usage;
    }
    return out;
  });
}

}  // namespace atrium
