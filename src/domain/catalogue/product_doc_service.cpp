#include "domain/catalogue/product_doc_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/directory/directory_support.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

Error doc_not_found() { return not_found("doc.not_found", "documentation page not found"); }

Result<ProductDocFields> merged_fields(const ProductDocInput& input,
                                       const ProductDocFields* current) {
  ContentChecks checks;
  ProductDocFields f = current != nullptr ? *current : ProductDocFields{};
  if (input.title || current == nullptr) f.title = checks.name(input.title.value_or(""), "Title");
  if (input.path || current == nullptr)
    f.path = checks.slug(input.path.value_or(""), f.title, "Path");
  if (input.lede) f.lede = checks.text(*input.lede, kMaxDescriptionLength, "Lede");
  if (input.content || current == nullptr) {
    f.content = checks.document(input.content.value_or(""), kMaxDocBytes, "Content");
    if (f.content.empty()) checks.add("Content", "must not be empty");
  }
  if (input.status) {
    if (auto status = parse_doc_status(*input.status)) {
      f.status = *status;
    } else {
      checks.add("Status", "must be published, draft or review");
    }
  }
  if (input.markdown) f.markdown = *input.markdown;
  ATRIUM_TRY(checks.finish("doc.invalid"));
  return f;
}

Result<ProductDoc> load_doc(Transaction& tx, ProductId product, ProductDocId doc) {
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<ProductDocRepository>().find(product, doc));
  if (!found) return fail(doc_not_found());
  return std::move(*found);
}

Status audit_doc(Transaction& tx, const Actor& actor, TimePoint now, std::string_view action,
                 ProductId product, const ProductDoc& doc) {
  return record_audit(tx, actor, now, action, "product", std::to_string(product), std::nullopt,
                      {{"DocID", doc.id}, {"Title", doc.fields.title}});
}

}  // namespace

Result<std::vector<ProductDoc>> ProductDocService::list(const Actor& actor, ProductId product) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<ProductDoc>> {
    ATRIUM_TRY(load_product(tx, product));
    return tx.get<ProductDocRepository>().list(product);
  });
}

Result<ProductDoc> ProductDocService::get(const Actor& actor, ProductId product, ProductDocId doc) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  return db_.read_result([&](Transaction& tx) { return load_doc(tx, product, doc); });
}

Result<ProductDoc> ProductDocService::create(const Actor& actor, ProductId product,
                                             const ProductDocInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(input, nullptr));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ProductDoc> {
    ATRIUM_TRY(load_product(tx, product));
    ATRIUM_ASSIGN_OR_RETURN(auto doc, tx.get<ProductDocRepository>().create(product, fields, now));
    ATRIUM_TRY(audit_doc(tx, actor, now, "product.doc_create", product, doc));
    return doc;
  });
}

Result<ProductDoc> ProductDocService::update(const Actor& actor, ProductId product,
                                             ProductDocId doc, const ProductDocInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<ProductDoc> {
    ATRIUM_TRY(load_product(tx, product));  // locks the product first, as create does
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_doc(tx, product, doc));
    ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(input, &current.fields));
    ATRIUM_ASSIGN_OR_RETURN(auto updated,
                            tx.get<ProductDocRepository>().update(product, doc, fields, now));
    ATRIUM_TRY(audit_doc(tx, actor, now, "product.doc_update", product, updated));
    return updated;
  });
}

Status ProductDocService::remove(const Actor& actor, ProductId product, ProductDocId doc) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(load_product(tx, product));
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_doc(tx, product, doc));
    ATRIUM_TRY(tx.get<ProductDocRepository>().remove(product, doc));
    return audit_doc(tx, actor, now, "product.doc_delete", product, current);
  });
}

Status ProductDocService::reorder(const Actor& actor, ProductId product,
                                  const std::vector<ProductDocId>& order) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageProducts));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_TRY(load_product(tx, product));
    ATRIUM_ASSIGN_OR_RETURN(auto docs, tx.get<ProductDocRepository>().list(product));
    std::vector<ProductDocId> have;
    have.reserve(docs.size());
    for (const ProductDoc& d : docs) have.push_back(d.id);
    std::vector<ProductDocId> given = order;
    std::sort(have.begin(), have.end());
    std::sort(given.begin(), given.end());
    if (have != given) {
      return fail(invalid_argument("doc.order_invalid",
                                   "the order must list every page of the product exactly once",
                                   {{"order", "must list every page ID of the product once"}}));
    }
    ATRIUM_TRY(tx.get<ProductDocRepository>().reorder(product, order));
    return record_audit(tx, actor, now, "product.doc_reorder", "product", std::to_string(product),
                        std::nullopt, {{"Order", order}});
  });
}

}  // namespace atrium
