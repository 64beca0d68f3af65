#pragma once

#include <optional>
#include <string>
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
};

// One API the key opens: requests whose path starts with `listen_path` (at a path boundary).
struct GrantApi {
  ProductId product_id = 0;
  std::string product_name;
  std::string listen_path;
};

struct Grant {
  CredentialId credential_id = 0;
  AppId app_id = 0;
  std::string app_name;
  UserId developer_id = 0;
  std::string developer_email;
  OrganisationId organisation_id = 0;
  std::string organisation_name;
  PlanId plan_id = 0;
  std::string plan_name;
  GrantLimits limits;
  std::vector<GrantApi> apis;
  std::optional<TimePoint> expires_at;
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
