#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.hpp"
#include "domain/apps/app.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/gateway/key_usage.hpp"

// The view models of the Live Portal's apps pages.
namespace atrium::web {

inline constexpr std::string_view kAppsPath = "/portal/private/apps";

std::string app_href(AppId id);

// "Awaiting review", "Approved", "Not approved".
std::string_view access_status_label(AccessStatus status);

// "Personal", "Team", "Organisation", with a sentence saying who sees the app.
std::string_view visibility_label(AppVisibility visibility);
std::string_view visibility_hint(AppVisibility visibility);

nlohmann::json app_card(const App& app, UserId viewer);
// The app page's model: details, access requests with their status, credentials with what the
// viewer may do to each and what they have used.
nlohmann::json app_detail(const AppView& view, const std::map<CredentialId, KeyUsage>& usage,
                          UserId viewer, TimePoint now);

}  // namespace atrium::web
