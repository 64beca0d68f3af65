#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/catalogue/product.hpp"
#include "domain/catalogue/product_repository.hpp"

// Tyk's shapes of products, their APIs, tags and docs (tyk-portal-api.yaml).
namespace atrium::http {

// Where the Live Portal serves the product's image of `kind` (/system/products/{id}/logo), when
// `images` has it; "" otherwise.
std::string product_image_path(ProductId product, const std::vector<ProductImageKind>& images,
                               ProductImageKind kind);
// What a card shows: the preview, else the logo (Tyk's fallback), else "".
std::string card_image_path(ProductId product, const std::vector<ProductImageKind>& images);

nlohmann::json product_index_json(const ProductRecord& record);  // Product-index-elem
nlohmann::json product_show_json(const ProductRecord& record);   // Product-show
nlohmann::json api_detail_json(const ProductApi& api);           // APIDetail-show
nlohmann::json spec_detail_json(const SpecDetail& spec);         // SpecDetail-index-elem
nlohmann::json tag_json(const Tag& tag);                         // Product-Tag
nlohmann::json doc_json(const ProductDoc& doc);                  // Post-index-elem
// A visible product in the Live Portal's catalogue (our shape; docs/api.md).
nlohmann::json product_card_json(const ProductCard& card);

}  // namespace atrium::http
