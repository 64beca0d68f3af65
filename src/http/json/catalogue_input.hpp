#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan_service.hpp"
#include "domain/catalogue/product_doc_service.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/catalogue/spec_detail_service.hpp"
#include "http/request.hpp"

// The request bodies of the catalogue, plan and product endpoints, read strictly: wrong types and
// unknown fields are field errors, reported together; read-only fields a client echoes back from
// a GET are accepted and ignored. Older aliases are accepted: OrgCatalogs for OrgCatalogues,
// OrganizationID for OrganisationID.
namespace atrium::http {

Result<CatalogueInput> read_catalogue_input(const Request& request);
Result<AudienceInput> read_audience_input(const Request& request);
Result<PlanInput> read_plan_input(const Request& request);
Result<ProductInput> read_product_input(const Request& request);
Result<ProductApiInput> read_api_update(const Request& request);
// Tyk's SpecDetail-create / the body of update-spec-details (SpecAlias, Name, OASUrl).
Result<SpecDetailInput> read_spec_input(const Request& request);
// Tyk's Post-create / Post-update (MarkdownContent is accepted for Content).
Result<ProductDocInput> read_doc_input(const Request& request);
// Tyk's Post-reorder: a JSON array of page IDs.
Result<std::vector<ProductDocId>> read_doc_order(const Request& request);
// {"Name": "..."} of POST /products/{id}/tags.
Result<std::string> read_tag_name(const Request& request);

}  // namespace atrium::http
