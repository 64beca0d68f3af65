#include "web/common/product_list_query.hpp"

#include <optional>
#include <utility>

#include "http/query_params.hpp"
#include "web/common/page_support.hpp"

namespace atrium::web {

namespace {

// The text of `name`, none when absent or empty.
std::optional<std::string> non_empty(http::QueryReader& reader, std::string_view name) {
  auto value = reader.text(name, 100);
  if (value && value->empty()) value.reset();
  return value;
}

}  // namespace

Result<ProductListQuery> read_product_list_query(const http::Request& request) {
  http::QueryReader reader(request);
  ProductListQuery query;
  query.page = reader.page();
  query.filter.search = non_empty(reader, "search");
  if (!request.query_param("catalogue").value_or("").empty()) {
    query.filter.catalogue_id = reader.positive_int("catalogue");
  }
  query.filter.tag = non_empty(reader, "tag");
  if (auto kind = non_empty(reader, "kind")) {
    if (*kind == "documentation" || *kind == "apis") {
      query.filter.documentation_only = *kind == "documentation";
    } else {
      return fail(invalid_argument("request.invalid_query", "kind must be documentation or apis",
                                   {{"kind", "must be documentation or apis"}}));
    }
  }
  ATRIUM_TRY(reader.finish());
  return query;
}

std::string product_list_base(std::string_view base, const ProductListQuery& query) {
  const ProductFilter& f = query.filter;
  http::QueryPairs params;
  if (f.search) params.emplace_back("search", *f.search);
  if (f.catalogue_id) params.emplace_back("catalogue", std::to_string(*f.catalogue_id));
  if (f.tag) params.emplace_back("tag", *f.tag);
  if (f.documentation_only) {
    params.emplace_back("kind", *f.documentation_only ? "documentation" : "apis");
  }
  if (params.empty()) return std::string(base) + "?";
  return std::string(base) + "?" + http::query_string(params) + "&";
}

nlohmann::json product_filter_view(const CatalogueFilters& filters, const ProductFilter& current) {
  nlohmann::json catalogues = nlohmann::json::array();
  for (const Catalogue& c : filters.catalogues) {
    catalogues.push_back({{"id", c.id},
                          {"name", c.name},
                          {"selected", current.catalogue_id && *current.catalogue_id == c.id}});
  }
  nlohmann::json tags = nlohmann::json::array();
  for (const Tag& t : filters.tags) {
    tags.push_back({{"name", t.name}, {"selected", current.tag && *current.tag == t.name}});
  }
  return {{"catalogues", std::move(catalogues)},
          {"tags", std::move(tags)},
          {"search", current.search.value_or("")},
          {"documentation", current.documentation_only.value_or(false)},
          {"apis", !current.documentation_only.value_or(true)}};
}

bool is_filtered(const ProductFilter& f) {
  return f.search || f.catalogue_id || f.tag || f.documentation_only;
}

void add_page_links(nlohmann::json& view, std::string_view base, const ProductListQuery& query,
                    long long total) {
  add_pager(view, product_list_base(base, query), query.page.page, query.page.per_page, total);
}

}  // namespace atrium::web
