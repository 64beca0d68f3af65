#include "web/live/plan_limits.hpp"

#include <array>
#include <utility>

namespace atrium::web {

namespace {

// 12345 → "12,345".
std::string with_separators(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string count_of(long long value, const std::string& unit) {
  return with_separators(value) + " " + unit + (value == 1 ? "" : "s");
}

}  // namespace

std::string describe_period(long long seconds) {
  constexpr std::array<std::pair<long long, const char*>, 4> kUnits = {
      {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}}};
  for (const auto& [size, name] : kUnits) {
    if (seconds >= size && seconds % size == 0) {
      return seconds == size ? std::string(name) : count_of(seconds / size, name);
    }
  }
  return count_of(seconds, "second");
}

std::string describe_rate(const PlanFields& plan) {
  if (plan.unlimited_rate_limit) return "Unlimited";
  if (plan.rate_limit <= 0 || plan.per <= 0) return "No rate limit set";
  return count_of(plan.rate_limit, "request") + " per " + describe_period(plan.per);
}

std::string describe_quota(const PlanFields& plan) {
  if (plan.unlimited_quota) return "Unlimited";
  if (plan.quota <= 0 || plan.quota_renewal_rate <= 0) return "No quota set";
  return count_of(plan.quota, "request") + " per " + describe_period(plan.quota_renewal_rate);
}

std::string describe_key_expiry(const PlanFields& plan) {
  if (plan.key_expires_in <= 0) return "Keys do not expire";
  return "Keys expire after " + describe_period(plan.key_expires_in);
}

nlohmann::json plan_limits_view(const Plan& plan) {
  const PlanFields& f = plan.fields;
  return {{"name", f.display_name},
          {"description", f.description},
          {"rate", describe_rate(f)},
          {"quota", describe_quota(f)},
          {"expiry", describe_key_expiry(f)},
          {"approval", f.auto_approve ? "Approved at once" : "Reviewed by the API provider"}};
}

nlohmann::json plan_limits_json(const Plan& plan) {
  const PlanFields& f = plan.fields;
  return {{"ID", plan.id},
          {"Name", f.name},
          {"DisplayName", f.display_name},
          {"Description", f.description},
          {"RateLimit", f.rate_limit},
          {"Per", f.per},
          {"UnlimitedRateLimit", f.unlimited_rate_limit},
          {"Quota", f.quota},
          {"QuotaRenewalRate", f.quota_renewal_rate},
          {"UnlimitedQuota", f.unlimited_quota},
          {"KeyExpiresIn", f.key_expires_in},
          {"AutoApproveAccessRequests", f.auto_approve},
          {"RateLimitText", describe_rate(f)},
          {"QuotaText", describe_quota(f)}};
}

}  // namespace atrium::web
