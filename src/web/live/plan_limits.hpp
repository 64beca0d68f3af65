#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "domain/catalogue/plan.hpp"

// A plan's limits as a consumer reads them ("100 requests per minute", "10,000 requests per
// hour", "Keys expire after 30 days").
namespace atrium::web {

// "1 minute", "90 seconds", "1 hour", "2 days".
std::string describe_period(long long seconds);
// "Unlimited", "5 requests per 10 seconds", "No limit set".
std::string describe_rate(const PlanFields& plan);
std::string describe_quota(const PlanFields& plan);
std::string describe_key_expiry(const PlanFields& plan);

nlohmann::json plan_limits_view(const Plan& plan);  // for the product page's template
nlohmann::json plan_limits_json(const Plan& plan);  // for Accept: application/json

}  // namespace atrium::web
