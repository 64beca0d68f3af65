#pragma once

#include <nlohmann/json.hpp>

#include "domain/catalogue/catalogue.hpp"
#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan_service.hpp"
#include "domain/catalogue/product.hpp"

// Tyk's shapes of catalogues, audiences, plans and providers (tyk-portal-api.yaml).
namespace atrium::http {

nlohmann::json catalogue_index_json(const Catalogue& catalogue);  // Catalogue-index-elem
nlohmann::json catalogue_show_json(const CatalogueView& view);    // Catalogue-show
nlohmann::json audience_index_json(const Audience& audience);  // OrganisationCatalogue-index-elem
nlohmann::json audience_show_json(const Audience& audience);   // OrganisationCatalogue-show

nlohmann::json plan_summary_json(const Plan& plan);  // PlanSummary, in Plan-index's "data"
nlohmann::json plan_json(const PlanView& view);      // Plan

nlohmann::json provider_index_json(const Provider& provider);  // Provider-index-elem
nlohmann::json provider_show_json(const Provider& provider);   // Provider-show

}  // namespace atrium::http
