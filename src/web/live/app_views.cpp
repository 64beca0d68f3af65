#include "web/live/app_views.hpp"

#include <algorithm>
#include <string>

#include "http/json/app_json.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

std::string_view state_label(std::string_view state) {
  if (state == "active") return "Active";
  if (state == "revoked") return "Revoked";
  if (state == "expired") return "Expired";
  return "Ready to show";
}

nlohmann::json request_row(const AccessRequest& r) {
  std::string products;
  for (const std::string& name : r.product_names) products += (products.empty() ? "" : ", ") + name;
  return {{"products", products},
          {"plan", r.plan_name},
          {"status", access_status_label(r.status)},
          {"status_key", to_string(r.status)},
          {"requested", time_view(r.created_at)},
          {"reason", r.reason}};
}

// "12 requests today · 988 of 1,000 left in this quota window" (the gateway's counts).
std::string usage_text(const KeyUsage& usage) {
  std::string text = std::to_string(usage.requests_today) +
                     (usage.requests_today == 1 ? " request today" : " requests today");
  if (usage.quota && usage.quota_remaining) {
    text += " · " + std::to_string(*usage.quota_remaining) + " of " + std::to_string(*usage.quota) +
            " left in this quota period";
  }
  return text;
}

nlohmann::json credential_row(const Credential& c, const AppView& view, const KeyUsage* usage,
                              TimePoint now) {
  const std::string_view state = http::credential_state(c, now);
  std::string plan;
  for (const AccessRequest& r : view.access_requests) {
    if (r.id == c.access_request_id) plan = r.plan_name;
  }
  nlohmann::json row = {{"id", c.id},
                        {"prefix", c.key_prefix},
                        {"plan", plan},
                        {"state", state_label(state)},
                        {"state_key", state},
                        {"may_reveal", view.may_manage && state == "awaiting reveal"},
                        {"may_rotate", view.may_manage && state != "revoked"},
                        {"may_revoke", view.may_manage && state != "revoked"}};
  if (c.expires_at) row["expires"] = time_view(*c.expires_at);
  if (usage != nullptr && state != "revoked") row["usage"] = usage_text(*usage);
  return row;
}

}  // namespace

std::string_view access_status_label(AccessStatus status) {
  switch (status) {
    case AccessStatus::kPending:
      return "Awaiting review";
    case AccessStatus::kApproved:
      return "Approved";
    case AccessStatus::kRejected:
      return "Not approved";
  }
  return "Awaiting review";
}

std::string app_href(AppId id) { return std::string(kAppsPath) + "/" + std::to_string(id); }

std::string_view visibility_label(AppVisibility visibility) {
  switch (visibility) {
    case AppVisibility::kPersonal:
      return "Personal";
    case AppVisibility::kTeam:
      return "Team";
    case AppVisibility::kOrganisation:
      return "Organisation";
  }
  return "Personal";
}

std::string_view visibility_hint(AppVisibility visibility) {
  switch (visibility) {
    case AppVisibility::kPersonal:
      return "Only you see it.";
    case AppVisibility::kTeam:
      return "Members of your teams see it; their admins manage it.";
    case AppVisibility::kOrganisation:
      return "Everyone in your organisation sees it; its admins manage it.";
  }
  return "";
}

nlohmann::json app_card(const App& app, UserId viewer) {
  return {{"id", app.id},
          {"name", app.fields.name},
          {"description", app.fields.description},
          {"href", app_href(app.id)},
          {"visibility", visibility_label(app.fields.visibility)},
          {"visibility_key", to_string(app.fields.visibility)},
          {"mine", app.fields.user_id == viewer},
          {"owner", app.owner_email},
          {"created", time_view(app.created_at)}};
}

nlohmann::json app_detail(const AppView& view, const std::map<CredentialId, KeyUsage>& usage,
                          UserId viewer, TimePoint now) {
  nlohmann::json out = app_card(view.app, viewer);
  out["visibility_hint"] = visibility_hint(view.app.fields.visibility);
  nlohmann::json urls = nlohmann::json::array();
  const std::string& all = view.app.fields.redirect_urls;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t comma = std::min(all.find(',', start), all.size());
    urls.push_back(all.substr(start, comma - start));
    start = comma + 1;
  }
  out["has_redirect_urls"] = !urls.empty();
  out["redirect_urls"] = std::move(urls);
  out["app_id"] = view.app.id;
  out["may_manage"] = view.may_manage;
  nlohmann::json requests = nlohmann::json::array();
  for (const AccessRequest& r : view.access_requests) requests.push_back(request_row(r));
  out["has_requests"] = !requests.empty();
  out["requests"] = std::move(requests);
  nlohmann::json credentials = nlohmann::json::array();
  for (const Credential& c : view.credentials) {
    const auto used = usage.find(c.id);
    credentials.push_back(
        credential_row(c, view, used == usage.end() ? nullptr : &used->second, now));
  }
  out["has_credentials"] = !credentials.empty();
  out["credentials"] = std::move(credentials);
  return out;
}

}  // namespace atrium::web
