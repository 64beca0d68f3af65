#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/catalogue/catalogue.hpp"

// API products (Tyk's Product), their APIs, tags and documentation pages (DESIGN §9).
namespace atrium {

using ProductId = long long;
using ProviderId = long long;
using TagId = long long;
using ProductDocId = long long;
using SpecId = long long;

// One API of a product (Tyk's APIDetail); `api_id` is Tyk's APIID, unique within the product.
struct ProductApi {
  long long id = 0;
  std::string api_id;
  std::string name;
  std::string api_type;
  std::string description;
  std::string listen_path;  // the gateway check matches requests by this prefix
  std::string target_url;
  bool status = true;
  std::string oas_url;
};

// An API's OpenAPI document as stored (see openapi_document.hpp for how it is checked).
struct ApiDocument {
  std::string media_type;
  std::string text;
  TimePoint updated_at;
};

// A specification of a documentation-only product (Tyk's SpecDetail): an API documented by an
// OpenAPI document or a GraphQL schema, without a gateway API behind it.
struct SpecDetailFields {
  std::string spec_alias;  // unique within the product
  std::string name;
  std::string oas_url;
};

struct SpecDetail {
  SpecId id = 0;
  ProductId product_id = 0;
  std::string cid;
  SpecDetailFields fields;
  TimePoint created_at;
  TimePoint updated_at;
};

// Which uploaded document of an API or a specification.
enum class DocumentKind { kOpenApi, kGraphql };
std::string_view to_string(DocumentKind kind);

// A product's two images (Tyk's Logo, shown on its page, and Preview, on its card).
enum class ProductImageKind { kLogo, kPreview };
std::string_view to_string(ProductImageKind kind);

// An image as stored: its bytes, the media type its magic bytes say, and a strong ETag.
struct ProductImage {
  std::string media_type;
  std::string bytes;
  std::string etag;
  TimePoint updated_at;
};

struct Tag {
  TagId id = 0;
  std::string name;
};

// What an owner sets on a product (validated by the service).
struct ProductFields {
  std::string name;
  std::string display_name;
  std::string description;
  std::string content;  // Tyk's marketing HTML fragment: shown escaped, never as markup
  std::string path;
  std::string reference_id;
  std::string auth_type;
  std::vector<std::string> auth_types;
  std::string scopes;
  bool feature = false;
  bool dcr_enabled = false;
  bool is_documentation_only = false;
};

struct Product {
  ProductId id = 0;
  std::string cid;
  ProviderId provider_id = 0;
  ProductFields fields;
  TimePoint created_at;
  TimePoint updated_at;
};

// A product with what Tyk's Product-show lists beside it.
struct ProductRecord {
  Product product;
  std::vector<ProductApi> apis;
  std::vector<Tag> tags;
  std::vector<Catalogue> catalogues;
  std::vector<SpecDetail> specs;
  std::vector<ProductImageKind> images;  // the images it has
};

enum class DocStatus { kPublished, kDraft, kReview };
std::string_view to_string(DocStatus status);
std::optional<DocStatus> parse_doc_status(std::string_view text);

struct ProductDocFields {
  std::string title;
  std::string path;
  std::string lede;
  std::string content;  // Markdown (rendered with raw HTML off)
  DocStatus status = DocStatus::kPublished;
  bool markdown = true;
};

// A documentation page of a product, in `position` order.
struct ProductDoc {
  ProductDocId id = 0;
  ProductId product_id = 0;
  long long position = 0;
  ProductDocFields fields;
  TimePoint created_at;
  TimePoint updated_at;
};

// API providers: Atrium is its own (the built-in provider), so products are defined here.
struct Provider {
  ProviderId id = 0;
  std::string name;
  std::string type;
  TimePoint created_at;
  TimePoint updated_at;
};

}  // namespace atrium
