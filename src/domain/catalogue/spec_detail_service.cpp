#include "domain/catalogue/spec_detail_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/openapi_document.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/catalogue/spec_repository.hpp"
#include "domain/catalogue/upload_checks.hpp"
#include "domain/directory/directory_support.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

Error spec_not_found() {
  return not_found("spec.not_found", "the product has no such specification");
}

Error document_not_found(DocumentKind kind) {
  return kind == DocumentKind::kOpenApi
             ? not_found("oas.not_found", "the specification has no OpenAPI document")
             : not_found("graphql.not_found", "there is no GraphQL schema");
}

Error not_documentation_only(std::string_view field) {
  return invalid_argument("product.not_documentation_only",
                          "specifications belong to documentation-only products",
                          {{std::string(field), "the product is not documentation-only"}});
}

// The product, read (and locked) for a change that only documentation-only products take.
Status require_documentation_only(Transaction& tx, ProductId product) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, load_product(tx, product));
  if (!found.fields.is_documentation_only) {
    return fail(not_documentation_only("IsDocumentationOnly"));
  }
  return ok();
}

Result<SpecDetail> load_spec(Transaction& tx, ProductId product, SpecId spec) {
  ATRIUM_TRY(load_product(tx, product));
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<SpecDetailRepository>().find(product, spec));
  if (!found) return fail(spec_not_found());
  return std::move(*found);
}

// An upload of `kind`, checked: the document as kept and a summary for the audit log.
struct CheckedUpload {
  ApiDocument document;
  nlohmann::json audit;
};

Result<CheckedUpload> check_upload(DocumentKind kind, std::string_view text, TimePoint now) {
  if (kind == DocumentKind::kOpenApi) {
    ATRIUM_ASSIGN_OR_RETURN(auto parsed, parse_openapi(text, "file"));
    nlohmann::json audit = {{"Title", parsed.parsed["info"]["title"]},
                            {"Bytes", parsed.text.size()}};
    return CheckedUpload{{parsed.media_type, std::move(parsed.text), now}, std::move(audit)};
  }
  ATRIUM_ASSIGN_OR_RETURN(auto schema, parse_graphql_schema(text));
  nlohmann::json audit = {{"MediaType", schema.media_type}, {"Bytes", schema.text.size()}};
  return CheckedUpload{{schema.media_type, std::move(schema.text), now}, std::move(audit)};
}

nlohmann::json audit_fields(const SpecDetail& spec) {
  return {{"SpecID", spec.id}, {"SpecAlias", spec.fields.spec_alias}, {"Name", spec.fields.name}};
}

}  // namespace

Result<SpecDetailFields> checked_spec_fields(const SpecDetailInput& input,
                                             const SpecDetailFields* current,
                                             std::string_view prefix) {
  ContentChecks checks;
  const std::string p(prefix);
  SpecDetailFields f = current != nullptr ? *current : SpecDetailFields{};
  if (input.spec_alias || current == nullptr) {
    f.spec_alias = checks.text(input.spec_alias.value_or(""), kMaxShortTextLength, p + "SpecAlias");
    if (f.spec_alias.empty()) checks.add(p + "SpecAlias", "is required");
  }
  if (input.name) {
    f.name = checks.name(*input.name, p + "Name");
  } else if (current == nullptr) {
    f.name = f.spec_alias;
  }
  if (input.oas_url) f.oas_url = checks.url(*input.oas_url, p + "OASUrl");
  ATRIUM_TRY(checks.finish("spec.invalid"));
  return f;
}

Status replace_specs(Transaction& tx, const Product& product,
                     const std::vector<SpecDetailInput>& inputs, Random& random, TimePoint now) {
  if (!inputs.empty() && !product.fields.is_documentation_only) {
    return fail(not_documentation_only("SpecDetails"));
  }
  auto& specs = tx.get<SpecDetailRepository>();
  ATRIUM_ASSIGN_OR_RETURN(auto existing, specs.list(product.id));
  std::set<std::string> listed;
  for (const SpecDetailInput& input : inputs) {
    ATRIUM_ASSIGN_OR_RETURN(auto fields, checked_spec_fields(input, nullptr, "SpecDetails."));
    if (!listed.insert(fields.spec_alias).second) {
      return fail(invalid_argument("spec.invalid", "a SpecAlias is listed twice",
                                   {{"SpecDetails.SpecAlias", "is listed twice"}}));
    }
    const auto same = std::find_if(existing.begin(), existing.end(), [&](const SpecDetail& s) {
      return s.fields.spec_alias == fields.spec_alias;
    });
    if (same == existing.end()) {
      ATRIUM_TRY(specs.create(product.id, new_uuid(random), fields, now));
    } else {
      ATRIUM_ASSIGN_OR_RETURN(fields, checked_spec_fields(input, &same->fields, "SpecDetails."));
      ATRIUM_TRY(specs.update(product.id, same->id, fields, now));
    }
  }
  for (const SpecDetail& spec : existing) {
    if (listed.count(spec.fields.spec_alias) == 0) ATRIUM_TRY(specs.remove(product.id, spec.id));
  }
  return ok();
}

Result<std::vector<SpecDetail>> SpecDetailService::list(const Actor& actor, ProductId product) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<SpecDetail>> {
    ATRIUM_TRY(load_product(tx, product));
    return tx.get<SpecDetailRepository>().list(product);
  });
}

Result<SpecDetail> SpecDetailService::create(const Actor& actor, ProductId product,
                                             const SpecDetailInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  ATRIUM_ASSIGN_OR_RETURN(auto fields, checked_spec_fields(input, nullptr));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<SpecDetail> {
    ATRIUM_TRY(require_documentation_only(tx, product));
    ATRIUM_ASSIGN_OR_RETURN(
        auto spec, tx.get<SpecDetailRepository>().create(product, new_uuid(random_), fields, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.spec_create", "product",
                            std::to_string(product), std::nullopt, audit_fields(spec)));
    return spec;
  });
}

Result<SpecDetail> SpecDetailService::get(const Actor& actor, ProductId product, SpecId spec) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) { return load_spec(tx, product, spec); });
}

Result<SpecDetail> SpecDetailService::update(const Actor& actor, ProductId product, SpecId spec,
                                             const SpecDetailInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<SpecDetail> {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_spec(tx, product, spec));
    ATRIUM_ASSIGN_OR_RETURN(auto fields, checked_spec_fields(input, &current.fields));
    ATRIUM_ASSIGN_OR_RETURN(auto updated,
                            tx.get<SpecDetailRepository>().update(product, spec, fields, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "product.spec_update", "product",
                            std::to_string(product), std::nullopt, audit_fields(updated)));
    return updated;
  });
}

Status SpecDetailService::remove(const Actor& actor, ProductId product, SpecId spec) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_spec(tx, product, spec));
    ATRIUM_TRY(tx.get<SpecDetailRepository>().remove(product, spec));
    return record_audit(tx, actor, now, "product.spec_delete", "product", std::to_string(product),
                        std::nullopt, audit_fields(current));
  });
}

Result<ApiDocument> SpecDetailService::document(const Actor& actor, ProductId product, SpecId spec,
                                                DocumentKind kind) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<ApiDocument> {
    ATRIUM_TRY(load_spec(tx, product, spec));
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<SpecDetailRepository>().document(spec, kind));
    if (!found) return fail(document_not_found(kind));
    return std::move(*found);
  });
}

Result<ApiDocument> SpecDetailService::upload_document(const Actor& actor, ProductId product,
                                                       SpecId spec, DocumentKind kind,
                                                       std::string_view text, bool dry_run) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  ATRIUM_ASSIGN_OR_RETURN(auto upload, check_upload(kind, text, now));
  auto write = [&](Transaction& tx) -> Result<ApiDocument> {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_spec(tx, product, spec));
    if (dry_run) return upload.document;
    ATRIUM_TRY(tx.get<SpecDetailRepository>().set_document(spec, kind, upload.document));
    nlohmann::json details = audit_fields(current);
    details.update(upload.audit);
    ATRIUM_TRY(record_audit(
        tx, actor, now,
        kind == DocumentKind::kOpenApi ? "product.spec_oas_upload" : "product.spec_graphql_upload",
        "product", std::to_string(product), std::nullopt, details));
    return upload.document;
  };
  if (dry_run) return db_.read_result(write);
  return db_.write_result(write);
}

Status SpecDetailService::remove_document(const Actor& actor, ProductId product, SpecId spec) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_spec(tx, product, spec));
    ATRIUM_ASSIGN_OR_RETURN(
        auto removed, tx.get<SpecDetailRepository>().remove_document(spec, DocumentKind::kOpenApi));
    if (!removed) return fail(document_not_found(DocumentKind::kOpenApi));
    return record_audit(tx, actor, now, "product.spec_oas_delete", "product",
                        std::to_string(product), std::nullopt, audit_fields(current));
  });
}

Status SpecDetailService::remove_graphql_spec(const Actor& actor, ProductId product, SpecId spec) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_spec(tx, product, spec));
    auto& specs = tx.get<SpecDetailRepository>();
    ATRIUM_ASSIGN_OR_RETURN(auto schema, specs.document(spec, DocumentKind::kGraphql));
    if (!schema) return fail(document_not_found(DocumentKind::kGraphql));
    ATRIUM_TRY(specs.remove(product, spec));
    return record_audit(tx, actor, now, "product.spec_delete", "product", std::to_string(product),
                        std::nullopt, audit_fields(current));
  });
}

Result<SpecDetail> SpecDetailService::upload_product_schema(const Actor& actor, ProductId product,
                                                            std::string_view alias,
                                                            std::string_view text, bool dry_run) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  ATRIUM_ASSIGN_OR_RETURN(
      auto fields, checked_spec_fields(SpecDetailInput{std::string(alias), {}, {}}, nullptr));
  ATRIUM_ASSIGN_OR_RETURN(auto upload, check_upload(DocumentKind::kGraphql, text, now));
  auto write = [&](Transaction& tx) -> Result<SpecDetail> {
    ATRIUM_TRY(require_documentation_only(tx, product));
    auto& specs = tx.get<SpecDetailRepository>();
    ATRIUM_ASSIGN_OR_RETURN(auto existing, specs.list(product));
    std::optional<SpecDetail> spec;
    for (SpecDetail& s : existing) {
      if (s.fields.spec_alias == fields.spec_alias) spec = std::move(s);
    }
    if (dry_run) {
      return spec ? std::move(*spec) : SpecDetail{0, product, "", fields, now, now};
    }
    if (!spec) {
      ATRIUM_ASSIGN_OR_RETURN(spec, specs.create(product, new_uuid(random_), fields, now));
    }
    ATRIUM_TRY(specs.set_document(spec->id, DocumentKind::kGraphql, upload.document));
    nlohmann::json details = audit_fields(*spec);
    details.update(upload.audit);
    ATRIUM_TRY(record_audit(tx, actor, now, "product.spec_graphql_upload", "product",
                            std::to_string(product), std::nullopt, details));
    return std::move(*spec);
  };
  if (dry_run) return db_.read_result(write);
  return db_.write_result(write);
}

Result<ApiDocument> SpecDetailService::api_schema(const Actor& actor, ProductId product,
                                                  std::string_view api_id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<ApiDocument> {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, product, api_id));
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProductRepository>().api_document(
                                            product, api.api_id, DocumentKind::kGraphql));
    if (!found) return fail(document_not_found(DocumentKind::kGraphql));
    return std::move(*found);
  });
}

Status SpecDetailService::upload_api_schema(const Actor& actor, ProductId product,
                                            std::string_view api_id, std::string_view text,
                                            bool dry_run) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  ATRIUM_ASSIGN_OR_RETURN(auto upload, check_upload(DocumentKind::kGraphql, text, now));
  if (dry_run) {
    return db_.read([&](Transaction& tx) -> Status {
      ATRIUM_TRY(load_api(tx, product, api_id));
      return ok();
    });
  }
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, product, api_id));
    ATRIUM_TRY(tx.get<ProductRepository>().set_api_document(
        product, api.api_id, DocumentKind::kGraphql, upload.document));
    nlohmann::json details = {{"APIID", api.api_id}};
    details.update(upload.audit);
    return record_audit(tx, actor, now, "product.graphql_upload", "product",
                        std::to_string(product), std::nullopt, details);
  });
}

Status SpecDetailService::remove_api_schema(const Actor& actor, ProductId product,
                                            std::string_view api_id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto api, load_api(tx, product, api_id));
    ATRIUM_ASSIGN_OR_RETURN(auto removed, tx.get<ProductRepository>().remove_api_document(
                                              product, api.api_id, DocumentKind::kGraphql));
    if (!removed) return fail(document_not_found(DocumentKind::kGraphql));
    return record_audit(tx, actor, now, "product.graphql_delete", "product",
                        std::to_string(product), std::nullopt, {{"APIID", api.api_id}});
  });
}

}  // namespace atrium
