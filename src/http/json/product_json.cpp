#include "http/json/product_json.hpp"

#include <algorithm>
#include <string>

#include "core/time_format.hpp"

namespace atrium::http {

namespace {

nlohmann::json names(const std::vector<Tag>& tags) {
  nlohmann::json out = nlohmann::json::array();
  for (const Tag& t : tags) out.push_back(t.name);
  return out;
}

// The fields the list and the record share.
nlohmann::json product_base_json(const ProductRecord& record) {
  const Product& product = record.product;
  const ProductFields& f = product.fields;
  nlohmann::json specs = nlohmann::json::array();
  for (const SpecDetail& spec : record.specs) specs.push_back(spec_detail_json(spec));
  return {
      {"ID", product.id},
      {"CID", product.cid},
      {"Name", f.name},
      {"DisplayName", f.display_name},
      {"Path", f.path},
      {"ReferenceID", f.reference_id},
      {"AuthType", f.auth_type},
      {"AuthTypes", f.auth_types},
      {"Scopes", f.scopes},
      {"Feature", f.feature},
      {"DCREnabled", f.dcr_enabled},
      {"IsDocumentationOnly", f.is_documentation_only},
      {"Preview", product_image_path(record.product.id, record.images, ProductImageKind::kPreview)},
      {"SpecDetails", std::move(specs)}};
}

}  // namespace

std::string product_image_path(ProductId product, const std::vector<ProductImageKind>& images,
                               ProductImageKind kind) {
  if (std::find(images.begin(), images.end(), kind) == images.end()) return "";
  return "/system/products/" + std::to_string(product) + "/" + std::string(to_string(kind));
}

std::string card_image_path(ProductId product, const std::vector<ProductImageKind>& images) {
  std::string preview = product_image_path(product, images, ProductImageKind::kPreview);
  return preview.empty() ? product_image_path(product, images, ProductImageKind::kLogo) : preview;
}

nlohmann::json spec_detail_json(const SpecDetail& spec) {
  return {{"ID", spec.id},
          {"CID", spec.cid},
          {"SpecAlias", spec.fields.spec_alias},
          {"Name", spec.fields.name},
          {"OASUrl", spec.fields.oas_url}};
}

nlohmann::json api_detail_json(const ProductApi& api) {
  return {{"APIID", api.api_id},           {"Name", api.name},
          {"APIType", api.api_type},       {"Description", api.description},
          {"ListenPath", api.listen_path}, {"TargetURL", api.target_url},
          {"Status", api.status},          {"OASUrl", api.oas_url}};
}

nlohmann::json product_index_json(const ProductRecord& record) {
  nlohmann::json out = product_base_json(record);
  nlohmann::json apis = nlohmann::json::array();
  for (const ProductApi& api : record.apis) {
    apis.push_back({{"APIID", api.api_id}, {"Name", api.name}, {"Status", api.status}});
  }
  out["APIDetails"] = std::move(apis);
  return out;
}

nlohmann::json product_show_json(const ProductRecord& record) {
  const Product& product = record.product;
  nlohmann::json out = product_base_json(record);
  nlohmann::json apis = nlohmann::json::array();
  for (const ProductApi& api : record.apis) apis.push_back(api_detail_json(api));
  nlohmann::json catalogues = nlohmann::json::array();
  for (const Catalogue& c : record.catalogues) catalogues.push_back(c.name);
  out["APIDetails"] = std::move(apis);
  out["Catalogues"] = std::move(catalogues);
  out["Description"] = product.fields.description;
  out["Content"] = product.fields.content;
  out["Logo"] = product_image_path(record.product.id, record.images, ProductImageKind::kLogo);
  out["Tags"] = names(record.tags);
  out["Templates"] = nlohmann::json::array();
  out["ProviderID"] = product.provider_id;
  out["CreatedAt"] = format_tyk_time(product.created_at);
  out["UpdatedAt"] = format_tyk_time(product.updated_at);
  return out;
}

nlohmann::json tag_json(const Tag& tag) { return {{"Name", tag.name}}; }

nlohmann::json doc_json(const ProductDoc& doc) {
  const ProductDocFields& f = doc.fields;
  return {{"ID", doc.id},
          {"Title", f.title},
          {"Path", f.path},
          {"Lede", f.lede},
          {"Content", f.content},
          {"MarkdownEnabled", f.markdown},
          {"MarkdownContent", f.markdown ? f.content : std::string()},
          {"PreviewContent", f.lede},
          {"Status", to_string(f.status)},
          {"Type", "documentation"},
          {"Categories", nlohmann::json::array()},
          {"Tags", nlohmann::json::array()},
          {"CreatedAt", format_tyk_time(doc.created_at)},
          {"UpdatedAt", format_tyk_time(doc.updated_at)}};
}

nlohmann::json product_card_json(const ProductCard& card) {
  const ProductFields& f = card.product.fields;
  nlohmann::json catalogues = nlohmann::json::array();
  for (const Catalogue& c : card.catalogues) {
    catalogues.push_back({{"ID", c.id}, {"Name", c.name}, {"NameWithSlug", c.slug}});
  }
  return {
      {"ID", card.product.id},
      {"Name", f.name},
      {"DisplayName", f.display_name},
      {"Description", f.description},
      {"Path", f.path},
      {"Tags", names(card.tags)},
      {"Catalogues", std::move(catalogues)},
      {"Logo", product_image_path(card.product.id, card.images, ProductImageKind::kLogo)},
      {"Preview", product_image_path(card.product.id, card.images, ProductImageKind::kPreview)}};
}

}  // namespace atrium::http
