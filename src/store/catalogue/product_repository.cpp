#include "domain/catalogue/product_repository.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "store/catalogue/catalogue_sql.hpp"
#include "store/catalogue/document_sql.hpp"
#include "store/catalogue/product_row.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error product_conflict(const SqlFailure& failure) {
  return unique_conflict(failure, "products",
                         {{"products.name_key", "products_name_key", "product.name_taken",
                           "a product with this name already exists", "Name"},
                          {"products.path", "products_path", "product.path_taken",
                           "a product with this path already exists", "Path"}});
}

Error api_conflict(const SqlFailure& failure) {
  return unique_conflict(failure, "product_apis",
                         {{"product_apis.api_id", "product_apis_api_id", "product.api_duplicate",
                           "the product lists an API twice", "APIDetails"}});
}

Product to_product(const ProductRow& row) { return row.to_product(); }

const std::string& api_columns() {
  static const std::string columns =
      "a.id, a.api_id, a.name, a.api_type, a.description, a.listen_path, a.target_url, "
      "CAST(a.status AS INTEGER), a.oas_url";
  return columns;
}

struct ApiRow {
  ProductApi api;
  int status = 1;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, api.id);
    map_column(statement, api.api_id);
    map_column(statement, api.name);
    map_column(statement, api.api_type);
    map_column(statement, api.description);
    map_column(statement, api.listen_path);
    map_column(statement, api.target_url);
    map_column(statement, status);
    map_column(statement, api.oas_url);
  }
  ProductApi to_api() const {
    ProductApi out = api;
    out.status = status != 0;
    return out;
  }
};

struct TagRow {
  long long owner = 0;  // the product the tag was read for
  Tag tag;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, owner);
    map_column(statement, tag.id);
    map_column(statement, tag.name);
  }
};

struct ImageKindRow {
  long long owner = 0;
  std::string kind;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, owner);
    map_column(statement, kind);
  }
};

struct OwnedCatalogueRow {
  long long owner = 0;
  CatalogueRow catalogue;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, owner);
    catalogue.exchange(statement);
  }
};

// The pattern of LIKE ... ESCAPE '!' matching `term` anywhere, lower-cased.
std::string contains_pattern(std::string_view term) {
  std::string out = "%";
  for (char c : ascii_lower(term)) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += c;
  }
  return out + "%";
}

std::string id_list(const std::vector<long long>& ids, QueryParams& params) {
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ", ") + params.add(id);
  return out;
}

class SociProductRepository final : public ProductRepository {
 public:
  explicit SociProductRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Product> create(const NewProduct& product, TimePoint now) override {
    return tx_.attempt(
        "products.create", true,
        [&] {
          QueryParams params;
          const ColumnValues values = product_values(product.fields, params);
          const std::string at = params.add(to_unix_ms(now));
          const long long id =
              query_number(tx_,
                           "INSERT INTO products (cid, provider_id, " + values.names() +
                               ", created_at, updated_at) VALUES (" + params.add(product.cid) +
                               ", " + params.add(product.provider_id) + ", " + values.values() +
                               ", " + at + ", " + at + ") RETURNING id",
                           params);
          return reread(id);
        },
        &product_conflict);
  }

  Result<std::optional<Product>> find(ProductId id) override {
    return tx_.attempt("products.find", false, [&] {
      QueryParams params;
      return find_where("p.id = " + params.add(id), params, tx_.for_update());
    });
  }

  Result<std::optional<Product>> find_by_path(std::string_view path) override {
    return tx_.attempt("products.find_by_path", false, [&] {
      QueryParams params;
      return find_where("p.path = " + params.add(std::string(path)), params);
    });
  }

  Result<PageOf<Product>> list(const PageRequest& page) override {
    return tx_.attempt("products.list", false, [&] {
      return fetch_page<ProductRow>(tx_.session(), page, product_columns(), "products p", "",
                                    "p.id", {}, &to_product);
    });
  }

  Result<Product> update(ProductId id, const ProductFields& fields, TimePoint now) override {
    return tx_.attempt(
        "products.update", true,
        [&]() -> Result<Product> {
          QueryParams params;
          const ColumnValues values = product_values(fields, params);
          if (execute(tx_.session(),
                      "UPDATE products SET " + values.assignments() + ", updated_at = " +
                          params.add(to_unix_ms(now)) + " WHERE id = " + params.add(id),
                      params) == 0) {
            return fail(not_found("product.not_found", "product not found"));
          }
          return reread(id);
        },
        &product_conflict);
  }

  Result<bool> remove(ProductId id) override {
    return tx_.attempt(
        "products.remove", true,
        [&] {
          QueryParams params;
          return execute(tx_.session(), "DELETE FROM products WHERE id = " + params.add(id),
                         params) > 0;
        },
        &product_in_use);
  }

  Result<PageOf<ProductCard>> list_visible(const policy::CatalogueScope& scope,
                                           const ProductFilter& filter,
                                           const PageRequest& page) override {
    return tx_.attempt("products.list_visible", false, [&]() -> Result<PageOf<ProductCard>> {
      return cards(scope, filter, page, true);
    });
  }

  Result<PageOf<ProductCard>> list_all(const ProductFilter& filter,
                                       const PageRequest& page) override {
    return tx_.attempt("products.list_all", false, [&]() -> Result<PageOf<ProductCard>> {
      return cards(policy::CatalogueScope{true, std::nullopt, {}}, filter, page, false);
    });
  }

  Result<std::vector<Catalogue>> catalogues(ProductId product) override {
    return tx_.attempt("products.catalogues", false, [&] {
      return linked_catalogues(tx_, "product_catalogues", "product_id", product);
    });
  }

  Status set_catalogues(ProductId product, const std::vector<CatalogueId>& ids) override {
    return tx_.attempt_all("products.set_catalogues", [&] {
      replace_links(tx_, "product_catalogues", "product_id", product, "catalogue_id", ids);
    });
  }

  Result<std::vector<std::string>> names_in_catalogue(CatalogueId catalogue) override {
    return tx_.attempt("products.names_in_catalogue", false, [&] {
      return store::names_in_catalogue(tx_, "products", "product_catalogues", "product_id",
                                       catalogue);
    });
  }

  Status set_products_of_catalogue(CatalogueId catalogue,
                                   const std::vector<ProductId>& ids) override {
    return tx_.attempt_all("products.set_products_of_catalogue", [&] {
      replace_links(tx_, "product_catalogues", "catalogue_id", catalogue, "product_id", ids);
    });
  }

  Result<std::vector<ProductApi>> apis(ProductId product) override {
    return tx_.attempt("product_apis.list", false, [&] {
      QueryParams params;
      return fetch_all<ApiRow>(tx_,
                               "SELECT " + api_columns() +
                                   " FROM product_apis a WHERE a.product_id = " +
                                   params.add(product) + " ORDER BY a.position, a.id",
                               params, [](const ApiRow& row) { return row.to_api(); });
    });
  }

  Status replace_apis(ProductId product, const std::vector<ProductApi>& apis) override {
    return tx_.attempt_all(
        "product_apis.replace",
        [&] {
          QueryParams remove;
          execute(tx_.session(),
                  "DELETE FROM product_apis WHERE product_id = " + remove.add(product), remove);
          // The documents of APIs that stay are kept; of those that go, deleted.
          for (const char* table : {"product_api_documents", "product_api_graphql_schemas"}) {
            QueryParams documents;
            std::string kept;
            for (const ProductApi& api : apis) {
              kept += (kept.empty() ? "" : ", ") + documents.add(api.api_id);
            }
            execute(tx_.session(),
                    std::string("DELETE FROM ") + table +
                        " WHERE product_id = " + documents.add(product) +
                        (kept.empty() ? std::string() : " AND api_id NOT IN (" + kept + ")"),
                    documents);
          }
          long long position = 0;
          for (const ProductApi& api : apis) {
            QueryParams params;
            execute(tx_.session(),
                    "INSERT INTO product_apis (product_id, position, api_id, name, api_type, "
                    "description, listen_path, target_url, status, oas_url) VALUES (" +
                        params.add(product) + ", " + params.add(position++) + ", " +
                        params.add(api.api_id) + ", " + params.add(api.name) + ", " +
                        params.add(api.api_type) + ", " + params.add(api.description) + ", " +
                        params.add(api.listen_path) + ", " + params.add(api.target_url) + ", " +
                        params.add(api.status ? 1LL : 0LL) + ", " + params.add(api.oas_url) + ")",
                    params);
          }
        },
        &api_conflict);
  }

  Result<bool> update_api(ProductId product, const ProductApi& api) override {
    return tx_.attempt("product_apis.update", true, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "UPDATE product_apis SET name = " + params.add(api.name) +
                         ", description = " + params.add(api.description) +
                         ", status = " + params.add(api.status ? 1LL : 0LL) + ", oas_url = " +
                         params.add(api.oas_url) + " WHERE product_id = " + params.add(product) +
                         " AND api_id = " + params.add(api.api_id),
                     params) > 0;
    });
  }

  Result<std::optional<ApiDocument>> api_document(ProductId product, std::string_view api_id,
                                                  DocumentKind kind) override {
    return tx_.attempt("product_api_documents.find", false,
                       [&] { return read_document(tx_, api_slot(kind, product, api_id)); });
  }

  Status set_api_document(ProductId product, std::string_view api_id, DocumentKind kind,
                          const ApiDocument& document) override {
    return tx_.attempt_all("product_api_documents.set",
                           [&] { write_document(tx_, api_slot(kind, product, api_id), document); });
  }

  Result<bool> remove_api_document(ProductId product, std::string_view api_id,
                                   DocumentKind kind) override {
    return tx_.attempt("product_api_documents.remove", true,
                       [&] { return delete_document(tx_, api_slot(kind, product, api_id)); });
  }

  Result<std::vector<Tag>> tags(ProductId product) override {
    return tx_.attempt("product_tags.list", false, [&] {
      QueryParams params;
      std::vector<Tag> out;
      for (TagRow& row : tags_of("pt.product_id = " + params.add(product), params)) {
        out.push_back(std::move(row.tag));
      }
      return out;
    });
  }

  Result<Tag> add_tag(ProductId product, std::string_view name) override {
    return tx_.attempt_all("product_tags.add", [&]() -> Result<Tag> {
      const std::string key = ascii_lower(name);
      QueryParams insert;
      execute(tx_.session(),
              "INSERT INTO tags (name, name_key) VALUES (" + insert.add(std::string(name)) + ", " +
                  insert.add(key) + ") ON CONFLICT DO NOTHING",
              insert);
      QueryParams find;
      auto tag = fetch_one<TagRow>(
          tx_, "SELECT 0, t.id, t.name FROM tags t WHERE t.name_key = " + find.add(key), find,
          [](const TagRow& row) { return row.tag; });
      if (!tag) throw std::runtime_error("the tag vanished");
      QueryParams link;
      execute(tx_.session(),
              "INSERT INTO product_tags (product_id, tag_id) VALUES (" + link.add(product) + ", " +
                  link.add(tag->id) + ") ON CONFLICT DO NOTHING",
              link);
      return std::move(*tag);
    });
  }

  Result<bool> remove_tag(ProductId product, std::string_view name) override {
    return tx_.attempt("product_tags.remove", true, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "DELETE FROM product_tags WHERE product_id = " + params.add(product) +
                         " AND tag_id IN (SELECT id FROM tags WHERE name_key = " +
                         params.add(ascii_lower(name)) + ")",
                     params) > 0;
    });
  }

  Status set_tags(ProductId product, const std::vector<TagId>& ids) override {
    return tx_.attempt_all("product_tags.set", [&] {
      replace_links(tx_, "product_tags", "product_id", product, "tag_id", ids);
    });
  }

  Result<std::vector<Tag>> all_tags() override {
    return tx_.attempt("tags.list", false, [&] {
      return fetch_all<TagRow>(tx_, "SELECT 0, t.id, t.name FROM tags t ORDER BY t.name_key", {},
                               [](const TagRow& row) { return row.tag; });
    });
  }

  Result<std::vector<Tag>> visible_tags(const policy::CatalogueScope& scope) override {
    return tx_.attempt("tags.visible", false, [&] {
      QueryParams params;
      const std::string visible = visible_catalogue_condition(scope, params, "c");
      return fetch_all<TagRow>(
          tx_,
          "SELECT 0, t.id, t.name FROM tags t WHERE EXISTS (SELECT 1 FROM product_tags pt JOIN "
          "product_catalogues pc ON pc.product_id = pt.product_id JOIN catalogues c ON c.id = "
          "pc.catalogue_id WHERE pt.tag_id = t.id AND " +
              visible + ") ORDER BY t.name_key",
          params, [](const TagRow& row) { return row.tag; });
    });
  }

 private:
  // OpenAPI documents and GraphQL schemas of APIs have a table each (migrations 0009, 0012).
  static DocumentSlot api_slot(DocumentKind kind, ProductId product, std::string_view api_id) {
    return DocumentSlot{
        kind == DocumentKind::kOpenApi ? "product_api_documents" : "product_api_graphql_schemas",
        "product_id", product, "api_id", std::string(api_id)};
  }

  std::optional<Product> find_where(const std::string& condition, const QueryParams& params,
                                    const std::string& lock = {}) {
    return fetch_one<ProductRow>(
        tx_, "SELECT " + product_columns() + " FROM products p WHERE " + condition + lock, params,
        &to_product);
  }

  Product reread(ProductId id) {
    QueryParams key;
    auto product = find_where("p.id = " + key.add(id), key);
    if (!product) throw std::runtime_error("the written product vanished");
    return std::move(*product);
  }

  // Tags with the product they were read for, ordered by name key.
  std::vector<TagRow> tags_of(const std::string& condition, const QueryParams& params) {
    return fetch_all<TagRow>(tx_,
                             "SELECT pt.product_id, t.id, t.name FROM tags t JOIN product_tags pt "
                             "ON pt.tag_id = t.id WHERE " +
                                 condition + " ORDER BY t.name_key",
                             params, [](TagRow&& row) { return std::move(row); });
  }

  // The products that pass `filter`, in a catalogue the scope shows (`in_catalogue`) or in any
  // (or none), as cards: list_visible and list_all.
  Result<PageOf<ProductCard>> cards(const policy::CatalogueScope& scope,
                                    const ProductFilter& filter, const PageRequest& page,
                                    bool in_catalogue) {
    QueryParams params;
    std::string where = " WHERE 1 = 1";
    if (in_catalogue || filter.catalogue_id) {
      // The visible catalogues first (a few), then their products: one uncorrelated subquery
      // instead of a visibility test per product (the count was 40 % of the list, perf).
      const std::vector<long long> shown =
          visible_catalogue_ids(tx_.session(), scope, filter.catalogue_id);
      if (shown.empty()) return PageOf<ProductCard>{};
      where +=
          " AND p.id IN (SELECT pc.product_id FROM product_catalogues pc WHERE pc.catalogue_id "
          "IN (" +
          id_list(shown, params) + "))";
    }
    if (filter.tag) {
      where +=
          " AND EXISTS (SELECT 1 FROM product_tags pt JOIN tags t ON t.id = pt.tag_id "
          "WHERE pt.product_id = p.id AND t.name_key = " +
          params.add(ascii_lower(*filter.tag)) + ")";
    }
    if (filter.search) {
      const std::string pattern = params.add(contains_pattern(*filter.search));
      where += " AND (p.name_key LIKE " + pattern + " ESCAPE '!' OR lower(p.display_name) LIKE " +
               pattern + " ESCAPE '!')";
    }
    if (filter.documentation_only) {
      where += std::string(" AND CAST(p.is_documentation_only AS INTEGER) = ") +
               (*filter.documentation_only ? "1" : "0");
    }
    ATRIUM_ASSIGN_OR_RETURN(
        auto products, fetch_page<ProductRow>(tx_.session(), page, product_columns(), "products p",
                                              where, "p.name_key, p.id", params, &to_product));
    PageOf<ProductCard> out;
    out.total = products.total;
    for (Product& product : products.items) out.items.push_back({std::move(product), {}, {}, {}});
    attach_cards(scope, out.items);
    return out;
  }

  // The visible catalogues and the tags of each card, two queries for the whole page.
  void attach_cards(const policy::CatalogueScope& scope, std::vector<ProductCard>& cards) {
    if (cards.empty()) return;
    std::map<long long, ProductCard*> by_id;
    std::vector<long long> ids;
    for (ProductCard& card : cards) {
      by_id[card.product.id] = &card;
      ids.push_back(card.product.id);
    }
    QueryParams params;
    const std::string in = id_list(ids, params);
    const std::string visible = visible_catalogue_condition(scope, params, "c");
    const std::string sql =
        "SELECT pc.product_id, " + catalogue_columns() +
        " FROM catalogues c JOIN product_catalogues pc ON pc.catalogue_id = c.id WHERE "
        "pc.product_id IN (" +
        in + ") AND " + visible + " ORDER BY c.name_key, c.id";
    const auto rows = fetch_all<OwnedCatalogueRow>(
        tx_, sql, params, [](OwnedCatalogueRow&& row) { return std::move(row); });
    for (const OwnedCatalogueRow& row : rows) {
      by_id[row.owner]->catalogues.push_back(row.catalogue.to_catalogue());
    }
    QueryParams tag_params;
    const std::string tag_in = id_list(ids, tag_params);
    for (const TagRow& row : tags_of("pt.product_id IN (" + tag_in + ")", tag_params)) {
      by_id[row.owner]->tags.push_back(row.tag);
    }
    QueryParams image_params;
    const std::string image_in = id_list(ids, image_params);
    // 'logo' sorts before 'preview': logo first, as ProductImageRepository::kinds.
    const auto images = fetch_all<ImageKindRow>(
        tx_,
        "SELECT product_id, kind FROM product_images WHERE product_id IN (" + image_in +
            ") ORDER BY product_id, kind",
        image_params, [](ImageKindRow&& row) { return std::move(row); });
    for (const ImageKindRow& row : images) {
      by_id[row.owner]->images.push_back(row.kind == "logo" ? ProductImageKind::kLogo
                                                            : ProductImageKind::kPreview);
    }
  }

  SociTransaction& tx_;
};

}  // namespace

// A second registration for one interface is a broken invariant, reported at start-up.
ATRIUM_STORE_REPOSITORY(ProductRepository, SociProductRepository)  // NOLINT(cert-err58-cpp)

}  // namespace atrium::store
