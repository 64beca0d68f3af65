#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "domain/apps/app.hpp"

// What a live API key grants (DESIGN §11): who it is for and which APIs it opens, on what plan.
// Built from the database by the gateway's index; read on every check.
namespace atrium {

// The limits of the plan a key was issued on (rates over whole seconds, as plans keep them).
struct GrantLimits {
  long long rate = 0;  // requests per `per` seconds; 0 with `unlimited_rate` false: no rate limit
  long long per = 0;
  bool unlimited_rate = true;
  long long quota = 0;  // requests per `quota_period` seconds
  long long quota_period = 0;
  bool unlimited_quota = true;
  friend bool operator==(const GrantLimits&, const GrantLimits&) = default;
};

// One API the key opens: requests whose path starts with `listen_path` (at a path boundary).
struct GrantApi {
  ProductId product_id = 0;
  std::string product_name;
  std::string listen_path;
  friend bool operator==(const GrantApi&, const GrantApi&) = default;
};

// What every key issued on one plan for the same APIs shares. Keys hold it by pointer, one copy
// per distinct plan and API set (GrantPlanPool): a million keys on a few plans then hold a few
// copies, not a million (docs/gateway.md, "Memory").
struct GrantPlan {
  PlanId plan_id = 0;
  std::string plan_name;
  GrantLimits limits;
  std::vector<GrantApi> apis;
  friend bool operator==(const GrantPlan&, const GrantPlan&) = default;
};

struct Grant {
  CredentialId credential_id = 0;
  AppId app_id = 0;
  std::string app_name;
  UserId developer_id = 0;
  std::string developer_email;
  OrganisationId organisation_id = 0;
  std::string organisation_name;
  std::shared_ptr<const GrantPlan> plan;  // never null once built (an empty plan opens nothing)
  std::optional<TimePoint> expires_at;
};

// Hands out one shared copy of each distinct GrantPlan given to it (equal plans: the same
// pointer). One pool per load of the index; not thread-safe.
class GrantPlanPool {
 public:
  std::shared_ptr<const GrantPlan> intern(GrantPlan&& plan);
  std::size_t size() const { return size_; }

 private:
  std::unordered_map<std::size_t, std::vector<std::shared_ptr<const GrantPlan>>> by_hash_;
  std::size_t size_ = 0;
};

// A live key's hash and what it grants.
struct KeyGrant {
  std::string key_hash;
  Grant grant;
};

// Whether `path` is under `listen_path`: equal to it, or below it at a '/' (so "/pay" does not
// open "/payments"); a listen path ending in '/' opens everything under it. An empty listen path
// opens nothing (an API without one is not behind the gateway).
bool under_listen_path(std::string_view path, std::string_view listen_path);

}  // namespace atrium
