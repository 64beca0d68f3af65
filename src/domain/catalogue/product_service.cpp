#include "domain/catalogue/product_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/openapi_document.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/spec_detail_service.hpp"
#include "domain/catalogue/spec_repository.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/names.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

Error tag_not_found() { return not_found("tag.not_found", "the product has no such tag"); }

Result<ProductFields> merged_fields(const ProductInput& input, const ProductFields* current) {
  ContentChecks checks;
  ProductFields f = current != nullptr ? *current : ProductFields{};
  checks.names(input.name, input.display_name, current == nullptr, f.name, f.display_name);
  if (input.path || current == nullptr)
    f.path = checks.slug(input.path.value_or(""), f.name, "Path");
  if (input.description) {
    f.description = checks.text(*input.description, kMaxDescriptionLength, "Description");
  }
  if (input.content) f.content = checks.document(*input.content, kMaxContentBytes, "Content");
  if (input.reference_id) {
    f.reference_id = checks.text(*input.reference_id, kMaxShortTextLength, "ReferenceID");
  }
  if (input.auth_type) f.auth_type = checks.text(*input.auth_type, kMaxShortTextLength, "AuthType");
  if (input.scopes) f.scopes = checks.text(*input.scopes, kMaxShortTextLength, "Scopes");
  if (input.auth_types) {
    f.auth_types.clear();
    for (const std::string& type : *input.auth_types) {
      f.auth_types.push_back(checks.text(type, kMaxShortTextLength, "AuthTypes"));
    }
  }
  if (input.tag_names) {
    for (const std::string& tag : *input.tag_names) checks.name(tag, "Tags");
  }
  set_if(input.feature, f.feature);
  set_if(input.dcr_enabled, f.dcr_enabled);
  set_if(input.is_documentation_only, f.is_documentation_only);
  ATRIUM_TRY(checks.finish("product.invalid"));
  return f;
}

// The APIs as given, checked; an API without APIID gets one, without Name its APIID. Field errors
// are named `prefix` + the field ("APIDetails.Name" in a product body).
Result<std::vector<ProductApi>> checked_apis(const std::vector<ProductApiInput>& inputs,
                                             Random& random,
                                             const std::string& prefix = "APIDetails.") {
  ContentChecks checks;
  std::vector<ProductApi> apis;
  std::set<std::string> seen;
  for (const ProductApiInput& in : inputs) {
    ProductApi api;
    api.api_id = in.api_id ? checks.text(*in.api_id, kMaxShortTextLength, prefix + "APIID")
                           : new_uuid(random);
    if (api.api_id.empty()) checks.add(prefix + "APIID", "must not be empty");
    if (!seen.insert(api.api_id).second) checks.add(prefix + "APIID", "is listed twice");
    api.name = in.name ? checks.name(*in.name, prefix + "Name") : api.api_id;
    api.api_type = checks.text(in.api_type.value_or(""), kMaxShortTextLength, prefix + "APIType");
    api.description =
        checks.text(in.description.value_or(""), kMaxDescriptionLength, prefix + "Description");
    api.listen_path = checks.listen_path(in.listen_path.value_or(""), prefix + "ListenPath");
    api.target_url = checks.url(in.target_url.value_or(""), prefix + "TargetURL");
    api.oas_url = checks.url(in.oas_url.value_or(""), prefix + "OASUrl");
    api.status = in.status.value_or(true);
    apis.push_back(std::move(api));
  }
  ATRIUM_TRY(checks.finish("product.invalid"));
  return apis;
}

// An API as input that gives it back unchanged.
ProductApiInput as_input(const ProductApi& api) {
  return {api.api_id,      api.name,       api.api_type, api.description,
          api.listen_path, api.target_url, api.status,   api.oas_url};
}

// Makes the product's tags those named (creating new ones), case-insensitively.
Status set_tag_names(ProductRepository& products, ProductId id,
                     const std::vector<std::string>& names) {
  std::vector<std::string> wanted;
  for (const std::string& name : names) {
    ATRIUM_ASSIGN_OR_RETURN(auto checked, check_display_name(name, "Tags"));
    wanted.push_back(std::move(checked));
  }
  ATRIUM_ASSIGN_OR_RETURN(auto current, products.tags(id));
  for (const Tag& tag : current) {
    const bool kept = std::any_of(wanted.begin(), wanted.end(),
                                  [&](const std::string& w) { return ascii_iequals(w, tag.name); });
    if (!kept) ATRIUM_TRY(products.remove_tag(id, tag.name));
  }
  for (const std::string& name : wanted) ATRIUM_TRY(products.add_tag(id, name));
  return ok();
}

Status check_input_links(Transaction& tx, const ProductInput& input) {
  FieldErrors errors;
  if (input.catalogues) {
    ATRIUM_TRY(check_catalogues_exist(tx, *input.catalogues, "Catalogues", errors));
  }
  ATRIUM_TRY(check_provider_exists(tx, input.provider_id, errors));
  if (input.tags && !input.tags->empty()) {
    // Tags are made by name (POST /products/{id}/tags); by id only existing ones can be set.
    ATRIUM_ASSIGN_OR_RETURN(auto all_tags, tx.get<ProductRepository>().all_tags());
    std::set<TagId> known;
    for (const Tag& tag : all_tags) known.insert(tag.id);
    for (TagId id : *input.tags) {
      if (known.count(id) == 0) errors.add("Tags", "no tag has ID " + std::to_string(id));
    }
  }
  return errors.finish("product.invalid");
}

// Writes the links the input names: catalogues, tags, APIs.
Status apply_links(Transaction& tx, ProductId id, const ProductInput& input,
                   const std::optional<std::vector<ProductApi>>& apis) {
  auto& products = tx.get<ProductRepository>();
  if (input.catalogues) ATRIUM_TRY(products.set_catalogues(id, *input.catalogues));
  if (input.tags) ATRIUM_TRY(products.set_tags(id, *input.tags));
  if (input.tag_names) ATRIUM_TRY(set_tag_names(products, id, *input.tag_names));
  if (apis) ATRIUM_TRY(products.replace_apis(id, *apis));
  return ok();
}

Result<ProductRecord> load_record(Transaction& tx, Product product) {
  ProductRecord record;
  auto& products = tx.get<ProductRepository>();
  ATRIUM_ASSIGN_OR_RETURN(record.apis, products.apis(product.id));
  ATRIUM_ASSIGN_OR_RETURN(record.tags, products.tags(product.id));
  ATRIUM_ASSIGN_OR_RETURN(record.catalogues, products.catalogues(product.id));
  ATRIUM_ASSIGN_OR_RETURN(record.specs, tx.get<SpecDetailRepository>().list(product.id));
  ATRIUM_ASSIGN_OR_RETURN(record.images, tx.get<ProductImageRepository>().kinds(product.id));
  record.product = std::move(product);
  return record;
}

nlohmann::json audit_fields(const ProductFields& f) {
  return {{"Name", f.name}, {"DisplayName", f.display_name}, {"Path", f.path}};
}

}  // namespace

Result<PageOf<ProductRecord>> ProductService::list(const Actor& actor, const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<ProductRecord>> {
    ATRIUM_ASSIGN_OR_RETURN(auto products, tx.get<ProductRepository>().list(page));
    PageOf<ProductRecord> out;
    out.total = products.total;
    for (Product& product : products.items) {
      ATRIUM_ASSIGN_OR_RETURN(auto record, load_record(tx, std::move(product)));
      out.items.push_back(std::move(record));
    }
    return out;
  });
}

Result<PageOf<ProductCard>> ProductService::search(const Actor& actor, const ProductFilter& filter,
                                                   const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<ProductRepository>().list_all(filter, page); });
}

Result<ProductRecord> ProductService::create(const Actor& actor, const ProductInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(input, nullptr));
  std::optional<std::vector<ProductApi>> apis;
  if (input.apis) {
    ATRIUM_ASSIGN_OR_RETURN(apis, checked_apis(*input.apis, random_));
  }
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ProductRecord> {
    ATRIUM_TRY(check_input_links(tx, input));
    ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<ProviderRepository>().built_in());
    ATRIUM_ASSIGN_OR_RETURN(
        auto product,
        tx.get<ProductRepository>().create(
            NewProduct{new_uuid(random_), input.provider_id.value_or(provider.id), fields}, now));
    ATRIUM_TRY(apply_links(tx, product.id, input, apis));
    if (input.specs) ATRIUM_TRY(replace_specs(tx, product, *input.specs, random_, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.create", "product", std::to_string(product.id),
                            std::nullopt, audit_fields(fields)));
    return load_record(tx, std::move(product));
  });
}

Result<ProductRecord> ProductService::get(const Actor& actor, ProductId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<ProductRecord> {
    ATRIUM_ASSIGN_OR_RETURN(auto product, load_product(tx, id));
    return load_record(tx, std::move(product));
  });
}

Result<ProductRecord> ProductService::update(const Actor& actor, ProductId id,
                                             const ProductInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  std::optional<std::vector<ProductApi>> apis;
  if (input.apis) {
    ATRIUM_ASSIGN_OR_RETURN(apis, checked_apis(*input.apis, random_));
  }
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ProductRecord> {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_product(tx, id));
    ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(input, &current.fields));
    ATRIUM_TRY(check_input_links(tx, input));
    ATRIUM_ASSIGN_OR_RETURN(auto product, tx.get<ProductRepository>().update(id, fields, now));
    ATRIUM_TRY(apply_links(tx, id, input, apis));
    if (input.specs) ATRIUM_TRY(replace_specs(tx, product, *input.specs, random_, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.update", "product", std::to_string(id),
                            std::nullopt, audit_fields(fields)));
    return load_record(tx, std::move(product));
  });
}

Status ProductService::remove(const Actor& actor, ProductId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto product, load_product(tx, id));
    ATRIUM_TRY(tx.get<ProductRepository>().remove(id));
    return record_audit(tx, actor, now, "product.delete", "product", std::to_string(id),
                        std::nullopt, {{"Name", product.fields.name}});
  });
}

Result<std::vector<ProductApi>> ProductService::apis(const Actor& actor, ProductId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<ProductApi>> {
    ATRIUM_TRY(load_product(tx, id));
    return tx.get<ProductRepository>().apis(id);
  });
}

Result<ProductApi> ProductService::get_api(const Actor& actor, ProductId id,
                                           std::string_view api_id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) { return load_api(tx, id, api_id); });
}

Result<ProductApi> ProductService::update_api(const Actor& actor, ProductId id,
                                              std::string_view api_id,
                                              const ProductApiInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ProductApi> {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, id, api_id));
    ContentChecks checks;
    if (input.name) api.name = checks.name(*input.name, "Name");
    if (input.description) {
      api.description = checks.text(*input.description, kMaxDescriptionLength, "Description");
    }
    if (input.oas_url) api.oas_url = checks.url(*input.oas_url, "OASUrl");
    set_if(input.status, api.status);
    ATRIUM_TRY(checks.finish("api.invalid"));
    ATRIUM_TRY(tx.get<ProductRepository>().update_api(id, api));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.api_update", "product", std::to_string(id),
                            std::nullopt, {{"APIID", api.api_id}, {"Name", api.name}}));
    return api;
  });
}

Result<ProductApi> ProductService::save_api(const Actor& actor, ProductId id,
                                            const std::optional<std::string>& api_id,
                                            const ProductApiInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ProductApi> {
    ATRIUM_TRY(load_product(tx, id));
    auto& products = tx.get<ProductRepository>();
    ATRIUM_ASSIGN_OR_RETURN(auto current, products.apis(id));
    std::vector<ProductApiInput> inputs;
    std::size_t at = current.size();
    for (const ProductApi& api : current) {
      if (api_id && api.api_id == *api_id) at = inputs.size();
      inputs.push_back(as_input(api));
    }
    if (api_id && at == current.size()) return fail(not_found("api.not_found", "API not found"));
    ProductApiInput saved = input;
    saved.api_id = api_id;  // kept, or made up for a new one
    if (at == current.size()) {
      inputs.push_back(saved);
    } else {
      if (!saved.oas_url) saved.oas_url = current[at].oas_url;
      inputs[at] = saved;
    }
    ATRIUM_ASSIGN_OR_RETURN(auto apis, checked_apis(inputs, random_, ""));
    ATRIUM_TRY(products.replace_apis(id, apis));
    ATRIUM_TRY(record_audit(tx, actor, now, api_id ? "product.api_update" : "product.api_add",
                            "product", std::to_string(id), std::nullopt,
                            {{"APIID", apis[at].api_id}, {"Name", apis[at].name}}));
    return apis[at];
  });
}

Status ProductService::remove_api(const Actor& actor, ProductId id, std::string_view api_id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto removed, load_api(tx, id, api_id));
    auto& products = tx.get<ProductRepository>();
    ATRIUM_ASSIGN_OR_RETURN(auto apis, products.apis(id));
    std::erase_if(apis, [&](const ProductApi& api) { return api.api_id == removed.api_id; });
    ATRIUM_TRY(products.replace_apis(id, apis));
    return record_audit(tx, actor, now, "product.api_delete", "product", std::to_string(id),
                        std::nullopt, {{"APIID", removed.api_id}, {"Name", removed.name}});
  });
}

namespace {
Error document_not_found() { return not_found("oas.not_found", "the API has no OpenAPI document"); }
}  // namespace

Result<ApiDocument> ProductService::upload_api_document(const Actor& actor, ProductId id,
                                                        std::string_view api_id,
                                                        std::string_view text) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  ATRIUM_ASSIGN_OR_RETURN(auto parsed, parse_openapi(text, "file"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ApiDocument> {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, id, api_id));
    ApiDocument document{parsed.media_type, std::move(parsed.text), now};
    ATRIUM_TRY(tx.get<ProductRepository>().set_api_document(id, api.api_id, DocumentKind::kOpenApi,
                                                            document));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.oas_upload", "product", std::to_string(id),
                            std::nullopt,
                            {{"APIID", api.api_id},
                             {"Title", parsed.parsed["info"]["title"]},
                             {"Bytes", document.text.size()}}));
    return document;
  });
}

Result<ApiDocument> ProductService::api_document(const Actor& actor, ProductId id,
                                                 std::string_view api_id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<ApiDocument> {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, id, api_id));
    ATRIUM_ASSIGN_OR_RETURN(auto document, tx.get<ProductRepository>().api_document(
                                               id, api.api_id, DocumentKind::kOpenApi));
    if (!document) return fail(document_not_found());
    return std::move(*document);
  });
}

Status ProductService::remove_api_document(const Actor& actor, ProductId id,
                                           std::string_view api_id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, id, api_id));
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<ProductRepository>().remove_api_document(
                                              id, api.api_id, DocumentKind::kOpenApi));
    if (!removed) return fail(document_not_found());
    return record_audit(tx, actor, now, "product.oas_delete", "product", std::to_string(id),
                        std::nullopt, {{"APIID", api.api_id}});
  });
}

Result<std::vector<Tag>> ProductService::tags(const Actor& actor, ProductId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<Tag>> {
    ATRIUM_TRY(load_product(tx, id));
    return tx.get<ProductRepository>().tags(id);
  });
}

Result<Tag> ProductService::get_tag(const Actor& actor, ProductId id, std::string_view name) {
  ATRIUM_ASSIGN_OR_RETURN(auto tags, this->tags(actor, id));
  for (Tag& tag : tags) {
    if (ascii_iequals(tag.name, name)) return std::move(tag);
  }
  return fail(tag_not_found());
}

Result<Tag> ProductService::add_tag(const Actor& actor, ProductId id, std::string_view name) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  ATRIUM_ASSIGN_OR_RETURN(auto checked, check_display_name(name, "Name"));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<Tag> {
    ATRIUM_TRY(load_product(tx, id));
    ATRIUM_ASSIGN_OR_RETURN(auto tag, tx.get<ProductRepository>().add_tag(id, checked));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.tag_add", "product", std::to_string(id),
                            std::nullopt, {{"Tag", tag.name}}));
    return tag;
  });
}

Status ProductService::remove_tag(const Actor& actor, ProductId id, std::string_view name) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(load_product(tx, id));
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<ProductRepository>().remove_tag(id, name));
    if (!removed) return fail(tag_not_found());
    return record_audit(tx, actor, now, "product.tag_remove", "product", std::to_string(id),
                        std::nullopt, {{"Tag", std::string(name)}});
  });
}

Result<std::vector<Provider>> ProductService::providers(const Actor& actor) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) { return tx.get<ProviderRepository>().list(); });
}

Result<Provider> ProductService::provider(const Actor& actor, ProviderId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<Provider> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProviderRepository>().find(id));
    if (!found) return fail(not_found("provider.not_found", "provider not found"));
    return std::move(*found);
  });
}

Result<PageOf<ProductCard>> ProductService::visible(const Actor* actor, const ProductFilter& filter,
                                                    const PageRequest& page) {
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<ProductCard>> {
    ATRIUM_ASSIGN_OR_RETURN(auto viewer, viewer_of(tx, actor));
    return tx.get<ProductRepository>().list_visible(policy::visible_catalogues(viewer), filter,
                                                    page);
  });
}

Result<CatalogueFilters> ProductService::filters(const Actor* actor) {
  return db_.read_result([&](Transaction& tx) -> Result<CatalogueFilters> {
    ATRIUM_ASSIGN_OR_RETURN(auto viewer, viewer_of(tx, actor));
    const policy::CatalogueScope scope = policy::visible_catalogues(viewer);
    CatalogueFilters out;
    ATRIUM_ASSIGN_OR_RETURN(out.catalogues, tx.get<CatalogueRepository>().list_visible(scope));
    ATRIUM_ASSIGN_OR_RETURN(out.tags, tx.get<ProductRepository>().visible_tags(scope));
    return out;
  });
}

Result<ProductPage> ProductService::page(const Actor* actor, std::string_view path) {
  return db_.read_result([&](Transaction& tx) -> Result<ProductPage> {
    ATRIUM_ASSIGN_OR_RETURN(auto viewer, viewer_of(tx, actor));
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProductRepository>().find_by_path(path));
    if (!found) return fail(product_not_found());
    ProductPage page;
    ATRIUM_ASSIGN_OR_RETURN(page.record, load_record(tx, std::move(*found)));
    ATRIUM_TRY(require_visible(tx, viewer, page.record.catalogues, product_not_found()));
    // Only the catalogues this viewer sees are named to them, and only their plans offered.
    ATRIUM_ASSIGN_OR_RETURN(auto visible, tx.get<CatalogueRepository>().list_visible(
                                              policy::visible_catalogues(viewer)));
    std::set<CatalogueId> seen;
    for (const Catalogue& c : visible) seen.insert(c.id);
    std::erase_if(page.record.catalogues,
                  [&](const Catalogue& c) { return seen.count(c.id) == 0; });
    std::vector<CatalogueId> holders;
    holders.reserve(page.record.catalogues.size());
    for (const Catalogue& c : page.record.catalogues) holders.push_back(c.id);
    ATRIUM_ASSIGN_OR_RETURN(page.plans, tx.get<PlanRepository>().list_in_catalogues(holders));
    ATRIUM_ASSIGN_OR_RETURN(auto docs, tx.get<ProductDocRepository>().list(page.record.product.id));
    for (ProductDoc& doc : docs) {
      if (doc.fields.status == DocStatus::kPublished) page.docs.push_back(std::move(doc));
    }
    for (const ProductApi& api : page.record.apis) {
      ATRIUM_ASSIGN_OR_RETURN(auto document,
                              tx.get<ProductRepository>().api_document(
                                  page.record.product.id, api.api_id, DocumentKind::kOpenApi));
      page.api_documents.push_back(std::move(document));
    }
    for (const SpecDetail& spec : page.record.specs) {
      ATRIUM_ASSIGN_OR_RETURN(
          auto document, tx.get<SpecDetailRepository>().document(spec.id, DocumentKind::kOpenApi));
      page.spec_documents.push_back(std::move(document));
    }
    return page;
  });
}

}  // namespace atrium
