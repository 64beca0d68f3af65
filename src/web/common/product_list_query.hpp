#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/catalogue/product_service.hpp"
#include "domain/paging.hpp"
#include "http/request.hpp"

// What a list of products is asked for in its query string, as the Live Portal's catalogue and
// the Admin Portal's product list read it: page, search, catalogue, tag and kind
// ("documentation" or "apis"). An empty value (a filter form's "All …") is no filter.
namespace atrium::web {

struct ProductListQuery {
  PageRequest page;
  ProductFilter filter;
};

// kInvalidArgument naming the parameter for a malformed one.
Result<ProductListQuery> read_product_list_query(const http::Request& request);

// `base` with the query's filters, ending in "?" or "&" for the page parameter (add_pager's base).
std::string product_list_base(std::string_view base, const ProductListQuery& query);

// The filter form's choices (`filters`), the current ones selected: {catalogues: [{id, name,
// selected}], tags: [{name, selected}], search, documentation, apis}.
nlohmann::json product_filter_view(const CatalogueFilters& filters, const ProductFilter& current);

bool is_filtered(const ProductFilter& filter);

// `previous` and `next` page links into `view` when there are such pages (the `pager` partial),
// keeping the filters.
void add_page_links(nlohmann::json& view, std::string_view base, const ProductListQuery& query,
                    long long total);

}  // namespace atrium::web
