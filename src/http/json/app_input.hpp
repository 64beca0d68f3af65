#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/apps/access_request_service.hpp"
#include "domain/apps/app_service.hpp"
#include "domain/apps/custom_credential_service.hpp"
#include "http/request.hpp"

// The request bodies of the app, access request and custom credential endpoints, read strictly
// (wrong types and unknown fields are field errors; read-only fields echoed back are ignored).
namespace atrium::http {

Result<AppInput> read_app_input(const Request& request);
// PUT /apps/{id}/provision (our choice, docs/api.md): {"PlanID", "Products" (or "ProductIDs"),
// "CatalogueID"}.
Result<AccessInput> read_access_input(const Request& request);
// PUT /access_requests/{id}/reject: no body, or {"Reason": "..."}.
Result<std::string> read_reject_reason(const Request& request);
Result<CustomCredentialInput> read_custom_credential_input(const Request& request);
// CustomCredential-update: {"Alias": "..."}.
Result<std::optional<std::string>> read_custom_credential_alias(const Request& request);

}  // namespace atrium::http
