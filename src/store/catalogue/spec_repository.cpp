#include "domain/catalogue/spec_repository.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "store/catalogue/catalogue_sql.hpp"
#include "store/catalogue/document_sql.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error spec_conflict(const SqlFailure& failure) {
  return unique_conflict(failure, "product_specs",
                         {{"product_specs.spec_alias", "product_specs_alias", "spec.alias_taken",
                           "the product has a specification with this SpecAlias", "SpecAlias"}});
}

const std::string& spec_columns() {
  static const std::string columns =
      "s.id, s.product_id, s.cid, s.spec_alias, s.name, s.oas_url, s.created_at, s.updated_at";
  return columns;
}

struct SpecRow {
  SpecDetail spec;
  long long created_at = 0;
  long long updated_at = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, spec.id);
    map_column(statement, spec.product_id);
    map_column(statement, spec.cid);
    map_column(statement, spec.fields.spec_alias);
    map_column(statement, spec.fields.name);
    map_column(statement, spec.fields.oas_url);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  SpecDetail to_spec() const {
    SpecDetail out = spec;
    out.created_at = from_unix_ms(created_at);
    out.updated_at = from_unix_ms(updated_at);
    return out;
  }
};

SpecDetail to_spec(const SpecRow& row) { return row.to_spec(); }

class SociSpecDetailRepository final : public SpecDetailRepository {
 public:
  explicit SociSpecDetailRepository(SociTransaction& tx) : tx_(tx) {}

  Result<std::vector<SpecDetail>> list(ProductId product) override {
    return tx_.attempt("product_specs.list", false, [&] {
      QueryParams params;
      return fetch_all<SpecRow>(tx_,
                                "SELECT " + spec_columns() +
                                    " FROM product_specs s WHERE s.product_id = " +
                                    params.add(product) + " ORDER BY s.id",
                                params, &to_spec);
    });
  }

  Result<std::optional<SpecDetail>> find(ProductId product, SpecId spec) override {
    return tx_.attempt("product_specs.find", false,
                       [&] { return find_spec(product, spec, tx_.for_update()); });
  }

  Result<SpecDetail> create(ProductId product, const std::string& cid,
                            const SpecDetailFields& fields, TimePoint now) override {
    return tx_.attempt(
        "product_specs.create", true,
        [&] {
          QueryParams params;
          const std::string at = params.add(to_unix_ms(now));
          const long long id = query_number(
              tx_,
              "INSERT INTO product_specs (product_id, cid, spec_alias, name, oas_url, created_at, "
              "updated_at) VALUES (" +
                  params.add(product) + ", " + params.add(cid) + ", " +
                  params.add(fields.spec_alias) + ", " + params.add(fields.name) + ", " +
                  params.add(fields.oas_url) + ", " + at + ", " + at + ") RETURNING id",
              params);
          return reread(product, id);
        },
        &spec_conflict);
  }

  Result<SpecDetail> update(ProductId product, SpecId spec, const SpecDetailFields& fields,
                            TimePoint now) override {
    return tx_.attempt(
        "product_specs.update", true,
        [&]() -> Result<SpecDetail> {
          QueryParams params;
          if (execute(tx_.session(),
                      "UPDATE product_specs SET spec_alias = " + params.add(fields.spec_alias) +
                          ", name = " + params.add(fields.name) +
                          ", oas_url = " + params.add(fields.oas_url) +
                          ", updated_at = " + params.add(to_unix_ms(now)) + " WHERE product_id = " +
                          params.add(product) + " AND id = " + params.add(spec),
                      params) == 0) {
            return fail(not_found("spec.not_found", "the product has no such specification"));
          }
          return reread(product, spec);
        },
        &spec_conflict);
  }

  Result<bool> remove(ProductId product, SpecId spec) override {
    return tx_.attempt("product_specs.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "DELETE FROM product_specs WHERE product_id = " + params.add(product) +
                         " AND id = " + params.add(spec),
                     params) > 0;
    });
  }

  Result<std::optional<ApiDocument>> document(SpecId spec, DocumentKind kind) override {
    return tx_.attempt("product_spec_documents.find", false,
                       [&] { return read_document(tx_, slot(spec, kind)); });
  }

  Status set_document(SpecId spec, DocumentKind kind, const ApiDocument& document) override {
    return tx_.attempt_all("product_spec_documents.set",
                           [&] { write_document(tx_, slot(spec, kind), document); });
  }

  Result<bool> remove_document(SpecId spec, DocumentKind kind) override {
    return tx_.attempt("product_spec_documents.remove", true,
                       [&] { return delete_document(tx_, slot(spec, kind)); });
  }

 private:
  static DocumentSlot slot(SpecId spec, DocumentKind kind) {
    return DocumentSlot{"product_spec_documents", "spec_id", spec, "kind",
                        std::string(to_string(kind))};
  }

  std::optional<SpecDetail> find_spec(ProductId product, SpecId spec,
                                      const std::string& lock = {}) {
    QueryParams params;
    return fetch_one<SpecRow>(tx_,
                              "SELECT " + spec_columns() +
                                  " FROM product_specs s WHERE s.product_id = " +
                                  params.add(product) + " AND s.id = " + params.add(spec) + lock,
                              params, &to_spec);
  }

  SpecDetail reread(ProductId product, SpecId spec) {
    auto found = find_spec(product, spec);
    if (!found) throw std::runtime_error("the written specification vanished");
    return std::move(*found);
  }

  SociTransaction& tx_;
};

struct ImageRow {
  std::string media_type;
  std::string data;
  std::string etag;
  long long updated_at = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, media_type);
    map_column(statement, data);
    map_column(statement, etag);
    map_column(statement, updated_at);
  }
};

struct KindRow {
  std::string kind;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, kind);
  }
};

class SociProductImageRepository final : public ProductImageRepository {
 public:
  explicit SociProductImageRepository(SociTransaction& tx) : tx_(tx) {}

  Result<std::optional<ProductImage>> find(ProductId product, ProductImageKind kind) override {
    return tx_.attempt("product_images.find", false, [&] {
      QueryParams params;
      const std::string where = condition(product, kind, params);
      return fetch_one<ImageRow>(
          tx_, "SELECT media_type, data, etag, updated_at FROM product_images" + where, params,
          [](ImageRow&& row) {
            auto bytes = base64_decode(row.data);
            if (!bytes) throw std::runtime_error("a stored image is not base64");
            return ProductImage{std::move(row.media_type), std::move(*bytes), std::move(row.etag),
                                from_unix_ms(row.updated_at)};
          });
    });
  }

  Result<std::vector<ProductImageKind>> kinds(ProductId product) override {
    return tx_.attempt("product_images.kinds", false, [&] {
      QueryParams params;
      const auto names = fetch_all<KindRow>(
          tx_, "SELECT kind FROM product_images WHERE product_id = " + params.add(product), params,
          [](KindRow&& row) { return std::move(row.kind); });
      std::vector<ProductImageKind> out;
      for (ProductImageKind kind : {ProductImageKind::kLogo, ProductImageKind::kPreview}) {
        if (std::find(names.begin(), names.end(), to_string(kind)) != names.end()) {
          out.push_back(kind);
        }
      }
      return out;
    });
  }

  Status set(ProductId product, ProductImageKind kind, const ProductImage& image) override {
    return tx_.attempt_all("product_images.set", [&] {
      QueryParams remove;
      execute(tx_.session(), "DELETE FROM product_images" + condition(product, kind, remove),
              remove);
      QueryParams insert;
      execute(tx_.session(),
              "INSERT INTO product_images (product_id, kind, media_type, data, byte_count, etag, "
              "updated_at) VALUES (" +
                  insert.add(product) + ", " + insert.add(std::string(to_string(kind))) + ", " +
                  insert.add(image.media_type) + ", " +
                  insert.add(base64_encode(std::as_bytes(std::span(image.bytes)))) + ", " +
                  insert.add(static_cast<long long>(image.bytes.size())) + ", " +
                  insert.add(image.etag) + ", " + insert.add(to_unix_ms(image.updated_at)) + ")",
              insert);
    });
  }

  Result<bool> remove(ProductId product, ProductImageKind kind) override {
    return tx_.attempt("product_images.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM product_images" + condition(product, kind, params),
                     params) > 0;
    });
  }

 private:
  static std::string condition(ProductId product, ProductImageKind kind, QueryParams& params) {
    return " WHERE product_id = " + params.add(product) +
           " AND kind = " + params.add(std::string(to_string(kind)));
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(SpecDetailRepository, SociSpecDetailRepository)  // NOLINT(cert-err58-cpp)
ATRIUM_STORE_REPOSITORY(ProductImageRepository,                          // NOLINT(cert-err58-cpp)
                        SociProductImageRepository)

}  // namespace atrium::store
