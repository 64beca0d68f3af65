#include "http/json/catalogue_json.hpp"

#include <string>

#include "core/time_format.hpp"

namespace atrium::http {

namespace {

// Tyk gives "no team" as the zero id (its Go zero value), and so do we.
long long team_or_zero(const Audience& audience) { return audience.team_id.value_or(0); }

nlohmann::json timestamps(nlohmann::json out, TimePoint created, TimePoint updated) {
  out["CreatedAt"] = format_tyk_time(created);
  out["UpdatedAt"] = format_tyk_time(updated);
  return out;
}

}  // namespace

nlohmann::json catalogue_index_json(const Catalogue& catalogue) {
  return {{"ID", catalogue.id},
          {"Name", catalogue.name},
          {"NameWithSlug", catalogue.slug},
          {"VisibilityStatus", to_string(catalogue.visibility)}};
}

nlohmann::json catalogue_show_json(const CatalogueView& view) {
  nlohmann::json out = catalogue_index_json(view.catalogue);
  nlohmann::json audiences = nlohmann::json::array();
  for (const Audience& a : view.audiences) {
    audiences.push_back({{"ID", a.id},
                         {"Name", a.name},
                         {"Catalogue", a.catalogue_name},
                         {"Organisation", a.organisation_name},
                         {"OrganisationID", a.organisation_id},
                         {"TeamID", team_or_zero(a)}});
  }
  out["OrgCatalogues"] = std::move(audiences);
  out["Products"] = view.product_names;
  out["Plans"] = view.plan_names;
  return timestamps(std::move(out), view.catalogue.created_at, view.catalogue.updated_at);
}

nlohmann::json audience_index_json(const Audience& audience) {
  return {{"ID", audience.id},
          {"OrganisationID", audience.organisation_id},
          {"TeamID", team_or_zero(audience)}};
}

nlohmann::json audience_show_json(const Audience& audience) {
  return timestamps(audience_index_json(audience), audience.created_at, audience.updated_at);
}

nlohmann::json plan_summary_json(const Plan& plan) {
  const PlanFields& f = plan.fields;
  return {{"ID", plan.id},
          {"Name", f.name},
          {"DisplayName", f.display_name},
          {"AutoApproveAccessRequests", f.auto_approve},
          {"RateLimit", f.rate_limit},
          {"Quota", f.quota}};
}

nlohmann::json plan_json(const PlanView& view) {
  const Plan& plan = view.plan;
  const PlanFields& f = plan.fields;
  nlohmann::json catalogues = nlohmann::json::array();
  for (const Catalogue& c : view.catalogues) catalogues.push_back(c.id);
  nlohmann::json metadata = nlohmann::json::parse(f.metadata_json, nullptr, false);
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  nlohmann::json out = {{"ID", plan.id},
                        {"CID", plan.cid},
                        {"ReferenceID", f.reference_id},
                        {"Name", f.name},
                        {"DisplayName", f.display_name},
                        {"Description", f.description},
                        {"AutoApproveAccessRequests", f.auto_approve},
                        {"AccessRequestLimit", f.access_request_limit},
                        {"Catalogues", std::move(catalogues)},
                        {"JWTScope", f.jwt_scope},
                        {"KeyExpiresIn", f.key_expires_in},
                        {"MetaData", std::move(metadata)},
                        {"RateLimit", f.rate_limit},
                        {"Per", f.per},
                        {"UnlimitedRateLimit", f.unlimited_rate_limit},
                        {"Quota", f.quota},
                        {"QuotaRenewalRate", f.quota_renewal_rate},
                        // Tyk's plan-level names for the same two limits.
                        {"PlanQuota", f.quota},
                        {"PlanQuotaRenewalRate", f.quota_renewal_rate},
                        {"UnlimitedQuota", f.unlimited_quota},
                        {"ProviderID", plan.provider_id}};
  return timestamps(std::move(out), plan.created_at, plan.updated_at);
}

nlohmann::json provider_index_json(const Provider& provider) {
  // Atrium's own provider is always up and never synchronised.
  return {{"ID", provider.id},
          {"Name", provider.name},
          {"Type", provider.type},
          {"Status", "Up"},
          {"LastSyncedAt", ""}};
}

nlohmann::json provider_show_json(const Provider& provider) {
  nlohmann::json out = provider_index_json(provider);
  out["Configuration"] = {{"ID", provider.id}, {"MetaData", "{}"}};
  return timestamps(std::move(out), provider.created_at, provider.updated_at);
}

}  // namespace atrium::http
