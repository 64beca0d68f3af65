#include "store/catalogue/product_row.hpp"

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"

namespace atrium::store {

const std::string& product_columns() {
  static const std::string columns =
      "p.id, p.cid, p.provider_id, p.name, p.display_name, p.description, p.content, p.path, "
      "p.reference_id, p.auth_type, p.auth_types, p.scopes, CAST(p.feature AS INTEGER), "
      "CAST(p.dcr_enabled AS INTEGER), CAST(p.is_documentation_only AS INTEGER), p.created_at, "
      "p.updated_at";
  return columns;
}

Product ProductRow::to_product() const {
  Product out = product;
  // Written by product_values only: a JSON array of strings.
  const auto types = nlohmann::json::parse(auth_types_json, nullptr, false);
  if (types.is_array()) {
    for (const auto& type : types) {
      if (type.is_string()) out.fields.auth_types.push_back(type.get<std::string>());
    }
  }
  out.fields.feature = feature != 0;
  out.fields.dcr_enabled = dcr_enabled != 0;
  out.fields.is_documentation_only = documentation_only != 0;
  out.created_at = from_unix_ms(created_at);
  out.updated_at = from_unix_ms(updated_at);
  return out;
}

ColumnValues product_values(const ProductFields& f, QueryParams& params) {
  ColumnValues v;
  v.set("name", params.add(f.name));
  v.set("name_key", params.add(ascii_lower(f.name)));
  v.set("display_name", params.add(f.display_name));
  v.set("description", params.add(f.description));
  v.set("content", params.add(f.content));
  v.set("path", params.add(f.path));
  v.set("reference_id", params.add(f.reference_id));
  v.set("auth_type", params.add(f.auth_type));
  v.set("auth_types", params.add(nlohmann::json(f.auth_types).dump()));
  v.set("scopes", params.add(f.scopes));
  v.set("feature", params.add(f.feature ? 1LL : 0LL));
  v.set("dcr_enabled", params.add(f.dcr_enabled ? 1LL : 0LL));
  v.set("is_documentation_only", params.add(f.is_documentation_only ? 1LL : 0LL));
  return v;
}

}  // namespace atrium::store
