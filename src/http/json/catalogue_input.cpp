#include "http/json/catalogue_input.hpp"

#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include "core/field_errors.hpp"
#include "http/json/input_support.hpp"
#include "http/json_body.hpp"

namespace atrium::http {

namespace {

std::optional<std::vector<std::string>> read_strings(ObjectReader& reader, std::string_view key) {
  const nlohmann::json* raw = reader.optional_raw(key);
  if (raw == nullptr) return std::nullopt;
  std::vector<std::string> out;
  bool valid = raw->is_array();
  for (const auto& item : valid ? *raw : nlohmann::json::array()) {
    valid = valid && item.is_string();
    if (valid) out.push_back(item.get<std::string>());
  }
  if (!valid) {
    reader.add_field_error(key, "must be an array of strings");
    return std::nullopt;
  }
  return out;
}

// A whole number, given as an integer or as a number without a fraction (5.0).
std::optional<long long> read_whole(ObjectReader& reader, std::string_view key) {
  const nlohmann::json* raw = reader.optional_raw(key);
  if (raw == nullptr) return std::nullopt;
  if (raw->is_number_integer()) return raw->get<long long>();
  if (raw->is_number_float()) {
    const double value = raw->get<double>();
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.0e15) {
      return static_cast<long long>(value);
    }
  }
  reader.add_field_error(key, "must be a whole number");
  return std::nullopt;
}

// The first of `keys` present (an alias pair), as an integer.
std::optional<long long> read_int_alias(ObjectReader& reader, std::string_view key,
                                        std::string_view alias) {
  auto value = reader.optional_int(key);
  auto aliased = reader.optional_int(alias);
  return value ? value : aliased;
}

std::optional<AudienceInput> audience_from(const nlohmann::json& item, FieldErrors& errors) {
  if (!item.is_object()) {
    errors.add("OrgCatalogues", "must be an array of objects");
    return std::nullopt;
  }
  ObjectReader reader(item);
  AudienceInput input;
  input.organisation_id = read_int_alias(reader, "OrganisationID", "OrganizationID");
  input.team_id = reader.optional_int("TeamID");
  if (input.team_id && *input.team_id == 0) input.team_id.reset();  // Tyk's "no team"
  for (const char* key : {"ID", "Name", "Catalogue", "Organisation", "CreatedAt", "UpdatedAt"}) {
    reader.ignore(key);
  }
  errors.take(reader.finish());
  return input;
}

void ignore_all(ObjectReader& reader, std::initializer_list<const char*> keys) {
  for (const char* key : keys) reader.ignore(key);
}

}  // namespace

Result<CatalogueInput> read_catalogue_input(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  CatalogueInput input;
  input.name = reader.optional_string("Name");
  input.slug = reader.optional_string("NameWithSlug");
  input.visibility = reader.optional_string("VisibilityStatus");
  input.products = read_ids(reader, "Products");
  input.plans = read_ids(reader, "Plans");
  FieldErrors audience_errors;
  for (const char* key : {"OrgCatalogues", "OrgCatalogs"}) {
    const nlohmann::json* raw = reader.optional_raw(key);
    if (raw == nullptr) continue;
    if (!raw->is_array()) {
      reader.add_field_error(key, "must be an array of audiences");
      continue;
    }
    input.audiences.emplace();
    for (const auto& item : *raw) {
      if (auto audience = audience_from(item, audience_errors))
        input.audiences->push_back(*audience);
    }
  }
  ignore_all(reader, {"ID", "CreatedAt", "UpdatedAt"});
  ATRIUM_TRY(audience_errors.finish("request.invalid_fields"));
  ATRIUM_TRY(reader.finish());
  return input;
}

Result<AudienceInput> read_audience_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<AudienceInput> {
    AudienceInput input;
    input.organisation_id = read_int_alias(reader, "OrganisationID", "OrganizationID");
    input.team_id = reader.optional_int("TeamID");
    if (input.team_id && *input.team_id == 0) input.team_id.reset();
    ignore_all(reader, {"ID", "Name", "CreatedAt", "UpdatedAt"});
    return input;
  });
}

Result<PlanInput> read_plan_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<PlanInput> {
    PlanInput in;
    in.name = reader.optional_string("Name");
    in.display_name = reader.optional_string("DisplayName");
    in.description = reader.optional_string("Description");
    in.rate_limit = read_whole(reader, "RateLimit");
    in.per = read_whole(reader, "Per");
    in.unlimited_rate_limit = reader.optional_bool("UnlimitedRateLimit");
    // PlanQuota / PlanQuotaRenewalRate: Tyk's plan-level names of the same limits.
    const auto plan_quota = read_whole(reader, "PlanQuota");
    const auto plan_renewal = read_whole(reader, "PlanQuotaRenewalRate");
    in.quota = read_whole(reader, "Quota");
    if (!in.quota) in.quota = plan_quota;
    in.quota_renewal_rate = read_whole(reader, "QuotaRenewalRate");
    if (!in.quota_renewal_rate) in.quota_renewal_rate = plan_renewal;
    in.unlimited_quota = reader.optional_bool("UnlimitedQuota");
    in.key_expires_in = read_whole(reader, "KeyExpiresIn");
    in.auto_approve = reader.optional_bool("AutoApproveAccessRequests");
    in.access_request_limit = read_whole(reader, "AccessRequestLimit");
    in.jwt_scope = reader.optional_string("JWTScope");
    in.provider_id = reader.optional_int("ProviderID");
    in.catalogues = read_ids(reader, "Catalogues");
    if (const nlohmann::json* metadata = reader.optional_raw("MetaData")) {
      if (metadata->is_object()) {
        in.metadata_json = metadata->dump();
      } else {
        reader.add_field_error("MetaData", "must be an object");
      }
    }
    // Tyk's plan quota fields are read-only mirrors of Quota / QuotaRenewalRate.
    ignore_all(reader, {"ID", "CID", "ReferenceID", "PlanQuota", "PlanQuotaRenewalRate", "AuthType",
                        "CreatedAt", "UpdatedAt"});
    return in;
  });
}

namespace {

std::optional<ProductApiInput> api_from(const nlohmann::json& item, FieldErrors& errors) {
  if (!item.is_object()) {
    errors.add("APIDetails", "must be an array of objects");
    return std::nullopt;
  }
  ObjectReader reader(item);
  ProductApiInput in;
  in.api_id = reader.optional_string("APIID");
  in.name = reader.optional_string("Name");
  in.api_type = reader.optional_string("APIType");
  in.description = reader.optional_string("Description");
  in.listen_path = reader.optional_string("ListenPath");
  in.target_url = reader.optional_string("TargetURL");
  in.status = reader.optional_bool("Status");
  in.oas_url = reader.optional_string("OASUrl");
  errors.take(reader.finish());
  return in;
}

// One of Tyk's SpecDetails of a documentation product (DocumentationProduct-create); the ID and
// CID of an answer sent back are ignored (specifications are matched by SpecAlias).
std::optional<SpecDetailInput> spec_from(const nlohmann::json& item, FieldErrors& errors) {
  if (!item.is_object()) {
    errors.add("SpecDetails", "must be an array of objects");
    return std::nullopt;
  }
  ObjectReader reader(item);
  SpecDetailInput in;
  in.spec_alias = reader.optional_string("SpecAlias");
  in.name = reader.optional_string("Name");
  in.oas_url = reader.optional_string("OASUrl");
  ignore_all(reader, {"ID", "CID"});
  errors.take(reader.finish());
  return in;
}

}  // namespace

Result<ProductInput> read_product_input(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  ProductInput in;
  in.name = reader.optional_string("Name");
  in.display_name = reader.optional_string("DisplayName");
  in.description = reader.optional_string("Description");
  in.content = reader.optional_string("Content");
  in.path = reader.optional_string("Path");
  in.reference_id = reader.optional_string("ReferenceID");
  in.auth_type = reader.optional_string("AuthType");
  in.auth_types = read_strings(reader, "AuthTypes");
  in.scopes = reader.optional_string("Scopes");
  in.feature = reader.optional_bool("Feature");
  in.dcr_enabled = reader.optional_bool("DCREnabled");
  in.is_documentation_only = reader.optional_bool("IsDocumentationOnly");
  in.provider_id = reader.optional_int("ProviderID");
  in.catalogues = read_ids(reader, "Catalogues");
  in.tags = read_ids(reader, "Tags");
  FieldErrors api_errors;
  if (const nlohmann::json* raw = reader.optional_raw("APIDetails")) {
    if (raw->is_array()) {
      in.apis.emplace();
      for (const auto& item : *raw) {
        if (auto api = api_from(item, api_errors)) in.apis->push_back(*api);
      }
    } else {
      reader.add_field_error("APIDetails", "must be an array of APIs");
    }
  }
  if (reader.has("SpecDetails")) {
    const nlohmann::json* raw = reader.optional_raw("SpecDetails");  // Tyk's null: none
    if (raw == nullptr || raw->is_array()) {
      in.specs.emplace();
      for (const auto& item : raw == nullptr ? nlohmann::json::array() : *raw) {
        if (auto spec = spec_from(item, api_errors)) in.specs->push_back(*spec);
      }
    } else {
      reader.add_field_error("SpecDetails", "must be an array of specifications");
    }
  }
  // Read-only fields of Product-show, and OAuth templates (not supported yet: ignored).
  ignore_all(reader, {"ID", "CID", "Logo", "Preview", "Templates", "CreatedAt", "UpdatedAt"});
  ATRIUM_TRY(api_errors.finish("request.invalid_fields"));
  ATRIUM_TRY(reader.finish());
  return in;
}

Result<ProductApiInput> read_api_update(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<ProductApiInput> {
    ProductApiInput in;
    in.name = reader.optional_string("Name");
    in.description = reader.optional_string("Description");
    in.status = reader.optional_bool("Status");
    in.oas_url = reader.optional_string("OASUrl");
    ignore_all(reader, {"APIID", "APIType", "ListenPath", "TargetURL"});
    return in;
  });
}

Result<SpecDetailInput> read_spec_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<SpecDetailInput> {
    SpecDetailInput in;
    in.spec_alias = reader.optional_string("SpecAlias");
    in.name = reader.optional_string("Name");
    in.oas_url = reader.optional_string("OASUrl");
    ignore_all(reader, {"ID", "CID"});
    return in;
  });
}

Result<ProductDocInput> read_doc_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<ProductDocInput> {
    ProductDocInput in;
    in.title = reader.optional_string("Title");
    in.path = reader.optional_string("Path");
    in.lede = reader.optional_string("Lede");
    const auto markdown_content = reader.optional_string("MarkdownContent");
    in.content = reader.optional_string("Content");
    if (!in.content) in.content = markdown_content;
    in.status = reader.optional_string("Status");
    in.markdown = reader.optional_bool("MarkdownEnabled");
    // Blog categories and tags do not apply to product pages; previews are the Lede.
    ignore_all(reader,
               {"ID", "Type", "Categories", "Tags", "PreviewContent", "CreatedAt", "UpdatedAt"});
    return in;
  });
}

Result<std::vector<ProductDocId>> read_doc_order(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_body(request, "a JSON array of page IDs"));
  std::vector<ProductDocId> order;
  bool valid = body.is_array();
  for (const auto& item : valid ? body : nlohmann::json::array()) {
    valid = valid && item.is_number_integer() && item.get<long long>() > 0;
    if (valid) order.push_back(item.get<long long>());
  }
  if (!valid) {
    return fail(invalid_argument("request.invalid_fields", "the body must be an array of page IDs",
                                 {{"order", "must be an array of page IDs"}}));
  }
  return order;
}

Result<std::string> read_tag_name(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<std::string> {
    return reader.required_string("Name");
  });
}

}  // namespace atrium::http
