#include "http/json/app_json.hpp"

#include <string>

#include "core/time_format.hpp"
#include "http/json/json_values.hpp"

namespace atrium::http {

namespace {

nlohmann::json tyk_time_or_null(const std::optional<TimePoint>& time) {
  return time ? nlohmann::json(format_tyk_time(*time)) : nlohmann::json(nullptr);
}

std::string product_names(const AccessRequest& request) {
  std::string out;
  for (const std::string& name : request.product_names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

nlohmann::json app_index_json(const App& app) {
  const AppFields& f = app.fields;
  return {{"ID", app.id},
          {"Name", f.name},
          {"Description", f.description},
          {"RedirectURLs", f.redirect_urls},
          {"UserID", f.user_id},
          {"Visibility", to_string(f.visibility)},
          {"CreatedAt", format_tyk_time(app.created_at)},
          {"UpdatedAt", format_tyk_time(app.updated_at)},
          {"OrganisationID", optional_id(app.organisation_id)}};
}

nlohmann::json app_show_json(const AppView& view, TimePoint now) {
  nlohmann::json out = app_index_json(view.app);
  nlohmann::json requests = nlohmann::json::array();
  for (const AccessRequest& r : view.access_requests) {
    AccessRequestView one{r, {}};
    for (const Credential& c : view.credentials) {
      if (c.access_request_id == r.id) one.credentials.push_back(c);
    }
    nlohmann::json shown = access_request_show_json(one, now);
    shown["Products"] = r.product_names;  // Client-AccessRequest-elem: an array of names
    requests.push_back(std::move(shown));
  }
  out["AccessRequests"] = std::move(requests);
  return out;
}

nlohmann::json access_request_basic_json(const AccessRequest& r) {
  return {{"ID", r.id},
          {"Catalogue", r.catalogue_name},
          {"Client", r.app_name},
          {"Plan", r.plan_name},
          {"User", r.user_id ? "User#" + std::to_string(*r.user_id) : std::string()},
          {"CreatedAt", format_tyk_time(r.created_at)},
          {"UpdatedAt", format_tyk_time(r.updated_at)},
          {"AuthType", "authToken"},
          {"DCREnabled", false},
          {"ProvisionImmediately", r.provision_immediately},
          {"Status", to_string(r.status)},
          // Atrium's additions: the ids behind Tyk's names, and the review.
          {"AppID", r.app_id},
          {"PlanID", r.plan_id},
          {"CatalogueID", optional_id(r.catalogue_id)},
          {"ProductIDs", r.product_ids},
          {"ReviewedAt", tyk_time_or_null(r.reviewed_at)},
          {"Reason", r.reason}};
}

nlohmann::json access_request_elem_json(const AccessRequest& request) {
  nlohmann::json out = access_request_basic_json(request);
  out["Products"] = product_names(request);
  return out;
}

nlohmann::json access_request_show_json(const AccessRequestView& view, TimePoint now) {
  nlohmann::json out = access_request_elem_json(view.request);
  nlohmann::json credentials = nlohmann::json::array();
  for (const Credential& c : view.credentials) credentials.push_back(credential_json(c, now));
  out["Credentials"] = std::move(credentials);
  return out;
}

std::string_view credential_state(const Credential& credential, TimePoint now) {
  if (credential.revoked_at) return "revoked";
  if (credential.expires_at && *credential.expires_at <= now) return "expired";
  return credential.issued ? "active" : "awaiting reveal";
}

nlohmann::json credential_json(const Credential& c, TimePoint now) {
  // The key itself is never stored, so Credential and CredentialHash stay empty; OAuth 2.0
  // fields are empty as Tyk's are for auth-token credentials.
  return {{"ID", c.id},
          {"AccessRequest", "AccessRequest#" + std::to_string(c.access_request_id)},
          {"Credential", ""},
          {"CredentialHash", ""},
          {"DCRRegistrationAccessToken", ""},
          {"DCRRegistrationClientURI", ""},
          {"DCRResponse", ""},
          {"Expires", tyk_time_or_null(c.expires_at)},
          {"OAuthClientID", ""},
          {"OAuthClientSecret", ""},
          {"RedirectURI", ""},
          {"ResponseType", ""},
          {"Scope", ""},
          {"TokenEndpoints", ""},
          {"GrantType", ""},
          {"KeyPrefix", c.key_prefix},
          {"State", credential_state(c, now)},
          {"CreatedAt", format_tyk_time(c.created_at)},
          {"RevokedAt", tyk_time_or_null(c.revoked_at)}};
}

nlohmann::json access_outcome_json(const AccessRequestView& view, std::string_view message,
                                   TimePoint now) {
  return {{"status", "ok"},
          {"message", message},
          {"AccessRequest", access_request_show_json(view, now)}};
}

}  // namespace atrium::http
