#pragma once

#include <string>

#include "core/clock.hpp"
#include "domain/catalogue/product.hpp"

// Plans (Tyk's Plan): the limits a developer app gets with a product (DESIGN §1, §9, §11).
namespace atrium {

using PlanId = long long;

// What an owner sets on a plan (validated by the service). Rates and periods are whole numbers
// (docs/api.md, "Plans").
struct PlanFields {
  std::string name;
  std::string display_name;
  std::string description;
  std::string reference_id;
  long long rate_limit = 0;  // requests per `per` seconds
  long long per = 0;
  bool unlimited_rate_limit = false;
  long long quota = 0;  // requests per `quota_renewal_rate` seconds
  long long quota_renewal_rate = 0;
  bool unlimited_quota = false;
  long long key_expires_in = 0;  // seconds; 0: keys do not expire
  bool auto_approve = false;
  long long access_request_limit = 0;  // per user (pending or approved); 0: no cap
  std::string jwt_scope;
  std::string metadata_json = "{}";  // a JSON object, kept as given
};

struct Plan {
  PlanId id = 0;
  std::string cid;
  ProviderId provider_id = 0;
  PlanFields fields;
  TimePoint created_at;
  TimePoint updated_at;
};

}  // namespace atrium
