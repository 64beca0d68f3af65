#include "http/json/app_input.hpp"

#include <utility>

#include "http/json/input_support.hpp"

namespace atrium::http {

namespace {

void ignore_all(ObjectReader& reader, std::initializer_list<const char*> keys) {
  for (const char* key : keys) reader.ignore(key);
}

}  // namespace

Result<AppInput> read_app_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<AppInput> {
    AppInput in;
    in.name = reader.optional_string("Name");
    in.description = reader.optional_string("Description");
    in.redirect_urls = reader.optional_string("RedirectURLs");
    in.user_id = reader.optional_int("UserID");
    in.visibility = reader.optional_string("Visibility");
    ignore_all(reader, {"ID", "CreatedAt", "UpdatedAt", "AccessRequests", "OrganisationID"});
    return in;
  });
}

Result<AccessInput> read_access_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<AccessInput> {
    AccessInput in;
    in.plan_id = reader.optional_int("PlanID");
    in.product_ids = read_ids(reader, "Products", false);
    if (auto aliased = read_ids(reader, "ProductIDs", false); !in.product_ids) {
      in.product_ids = std::move(aliased);
    }
    in.catalogue_id = reader.optional_int("CatalogueID");
    return in;
  });
}

Result<std::string> read_reject_reason(const Request& request) {
  if (request.body.empty()) return std::string();
  return read_body(request, [](ObjectReader& reader) -> Result<std::string> {
    return reader.optional_string("Reason").value_or("");
  });
}

Result<CustomCredentialInput> read_custom_credential_input(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<CustomCredentialInput> {
    CustomCredentialInput in;
    in.alias = reader.optional_string("Alias");
    in.type = reader.optional_string("Type");
    in.plan_id = reader.optional_int("PlanID");
    in.authentication_method = reader.optional_string("AuthenticationMethod");
    in.product_ids = read_ids(reader, "ProductIDs", false);
    in.auth_token_type = reader.optional_string("AuthTokenType");
    in.key_id = reader.optional_string("KeyID");
    in.credential_key = reader.optional_string("CredentialKey");
    in.credential_secret = reader.optional_string("CredentialSecret");
    // OAuth 2.0 client registration is not offered: accepted as absent when 0.
    ignore_all(reader, {"ProviderID", "ClientTypeID"});
    return in;
  });
}

Result<std::optional<std::string>> read_custom_credential_alias(const Request& request) {
  return read_body(request, [](ObjectReader& reader) -> Result<std::optional<std::string>> {
    auto alias = reader.optional_string("Alias");
    ignore_all(reader,
               {"ID", "Type", "PlanID", "AuthenticationMethod", "ProductIDs", "AuthTokenType",
                "KeyID", "ProviderID", "ClientTypeID", "CreatedAt", "UpdatedAt", "KeyPrefix"});
    return alias;
  });
}

}  // namespace atrium::http
