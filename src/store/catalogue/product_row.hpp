#pragma once

#include <string>

#include "domain/catalogue/product.hpp"
#include "store/catalogue/catalogue_sql.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

// A product row (alias p).
const std::string& product_columns();

struct ProductRow {
  Product product;
  std::string auth_types_json;
  int feature = 0;
  int dcr_enabled = 0;
  int documentation_only = 0;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& statement) {
    ProductFields& f = product.fields;
    map_column(statement, product.id);
    map_column(statement, product.cid);
    map_column(statement, product.provider_id);
    map_column(statement, f.name);
    map_column(statement, f.display_name);
    map_column(statement, f.description);
    map_column(statement, f.content);
    map_column(statement, f.path);
    map_column(statement, f.reference_id);
    map_column(statement, f.auth_type);
    map_column(statement, auth_types_json);
    map_column(statement, f.scopes);
    map_column(statement, feature);
    map_column(statement, dcr_enabled);
    map_column(statement, documentation_only);
    map_column(statement, created_at);
    map_column(statement, updated_at);
  }
  Product to_product() const;
};

// The columns and placeholders of the fields, for an INSERT or UPDATE.
ColumnValues product_values(const ProductFields& fields, QueryParams& params);

}  // namespace atrium::store
