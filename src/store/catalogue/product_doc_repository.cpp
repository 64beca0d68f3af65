#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/product_repository.hpp"
#include "store/catalogue/catalogue_sql.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error doc_conflict(const SqlFailure& failure) {
  return unique_conflict(failure, "product_docs",
                         {{"product_docs.path", "product_docs_path", "doc.path_taken",
                           "the product has a page with this path", "Path"}});
}

const std::string& doc_columns() {
  static const std::string columns =
      "d.id, d.product_id, d.position, d.title, d.path, d.lede, d.content, d.status, "
      "CAST(d.markdown AS INTEGER), d.created_at, d.updated_at";
  return columns;
}

struct DocRow {
  ProductDoc doc;
  std::string status;
  int markdown = 1;
  long long created_at = 0;
  long long updated_at = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, doc.id);
    map_column(statement, doc.product_id);
    map_column(statement, doc.position);
    map_column(statement, doc.fields.title);
    map_column(statement, doc.fields.path);
    map_column(statement, doc.fields.lede);
    map_column(statement, doc.fields.content);
    map_column(statement, status);
    map_column(statement, markdown);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  ProductDoc to_doc() const {
    ProductDoc out = doc;
    out.fields.status = parse_doc_status(status).value_or(DocStatus::kDraft);
    out.fields.markdown = markdown != 0;
    out.created_at = from_unix_ms(created_at);
    out.updated_at = from_unix_ms(updated_at);
    return out;
  }
};

ProductDoc to_doc(const DocRow& row) { return row.to_doc(); }

ColumnValues doc_values(const ProductDocFields& f, QueryParams& params) {
  ColumnValues v;
  v.set("title", params.add(f.title));
  v.set("path", params.add(f.path));
  v.set("lede", params.add(f.lede));
  v.set("content", params.add(f.content));
  v.set("status", params.add(std::string(to_string(f.status))));
  v.set("markdown", params.add(f.markdown ? 1LL : 0LL));
  return v;
}

class SociProductDocRepository final : public ProductDocRepository {
 public:
  explicit SociProductDocRepository(SociTransaction& tx) : tx_(tx) {}

  Result<std::vector<ProductDoc>> list(ProductId product) override {
    return tx_.attempt("product_docs.list", false, [&] {
      QueryParams params;
      return fetch_all<DocRow>(tx_,
                               "SELECT " + doc_columns() +
                                   " FROM product_docs d WHERE d.product_id = " +
                                   params.add(product) + " ORDER BY d.position, d.id",
                               params, &to_doc);
    });
  }

  Result<std::optional<ProductDoc>> find(ProductId product, ProductDocId doc) override {
    return tx_.attempt("product_docs.find", false, [&] { return find_doc(product, doc); });
  }

  Result<ProductDoc> create(ProductId product, const ProductDocFields& fields,
                            TimePoint now) override {
    return tx_.attempt(
        "product_docs.create", true,
        [&] {
          QueryParams params;
          const ColumnValues values = doc_values(fields, params);
          const std::string at = params.add(to_unix_ms(now));
          const std::string owner = params.add(product);
          const long long id = query_number(
              tx_,
              "INSERT INTO product_docs (product_id, position, " + values.names() +
                  ", created_at, updated_at) VALUES (" + owner +
                  ", (SELECT COALESCE(MAX(position), -1) + 1 FROM product_docs WHERE product_id "
                  "= " +
                  owner + "), " + values.values() + ", " + at + ", " + at + ") RETURNING id",
              params);
          return reread(product, id);
        },
        &doc_conflict);
  }

  Result<ProductDoc> update(ProductId product, ProductDocId doc, const ProductDocFields& fields,
                            TimePoint now) override {
    return tx_.attempt(
        "product_docs.update", true,
        [&]() -> Result<ProductDoc> {
          QueryParams params;
          const ColumnValues values = doc_values(fields, params);
          if (execute(tx_.session(),
                      "UPDATE product_docs SET " + values.assignments() +
                          ", updated_at = " + params.add(to_unix_ms(now)) + " WHERE product_id = " +
                          params.add(product) + " AND id = " + params.add(doc),
                      params) == 0) {
            return fail(not_found("doc.not_found", "documentation page not found"));
          }
          return reread(product, doc);
        },
        &doc_conflict);
  }

  Result<bool> remove(ProductId product, ProductDocId doc) override {
    return tx_.attempt("product_docs.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "DELETE FROM product_docs WHERE product_id = " + params.add(product) +
                         " AND id = " + params.add(doc),
                     params) > 0;
    });
  }

  Status reorder(ProductId product, const std::vector<ProductDocId>& order) override {
    return tx_.attempt_all("product_docs.reorder", [&] {
      long long position = 0;
      for (ProductDocId doc : order) {
        QueryParams params;
        execute(tx_.session(),
                "UPDATE product_docs SET position = " + params.add(position++) +
                    " WHERE product_id = " + params.add(product) + " AND id = " + params.add(doc),
                params);
      }
    });
  }

 private:
  std::optional<ProductDoc> find_doc(ProductId product, ProductDocId doc) {
    QueryParams params;
    return fetch_one<DocRow>(tx_,
                             "SELECT " + doc_columns() +
                                 " FROM product_docs d WHERE d.product_id = " +
                                 params.add(product) + " AND d.id = " + params.add(doc),
                             params, &to_doc);
  }

  ProductDoc reread(ProductId product, ProductDocId doc) {
    auto found = find_doc(product, doc);
    if (!found) throw std::runtime_error("the written page vanished");
    return std::move(*found);
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(ProductDocRepository, SociProductDocRepository)  // NOLINT(cert-err58-cpp)

}  // namespace atrium::store
