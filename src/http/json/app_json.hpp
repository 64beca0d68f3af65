#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app.hpp"
#include "domain/apps/app_service.hpp"

// Tyk's shapes of developer apps, access requests and credentials (tyk-portal-api.yaml), with
// Atrium's additions (a key's prefix and state) beside Tyk's fields.
namespace atrium::http {

nlohmann::json app_index_json(const App& app);  // Client-index-elem
// Client-show; each access request with its products and credentials (State as at `now`).
nlohmann::json app_show_json(const AppView& view, TimePoint now);

nlohmann::json access_request_basic_json(const AccessRequest& request);  // AccessRequest-basic
nlohmann::json access_request_elem_json(const AccessRequest& request);   // AccessRequest-basic-elem
// AccessRequest-show; each credential's State as at `now`.
nlohmann::json access_request_show_json(const AccessRequestView& view, TimePoint now);

nlohmann::json credential_json(const Credential& credential,
                               TimePoint now);  // Credential-index-elem
// "active", "revoked", "expired" (at `now`) or "awaiting reveal" (approved, key not made yet).
std::string_view credential_state(const Credential& credential, TimePoint now);

// Tyk's StatusWithMessage with the access request it is about.
nlohmann::json access_outcome_json(const AccessRequestView& view, std::string_view message,
                                   TimePoint now);

}  // namespace atrium::http
