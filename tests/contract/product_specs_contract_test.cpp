// Migration 0012 on both databases: the specifications of documentation-only products with their
// documents, the GraphQL schemas of product APIs, and product images (binary bytes kept exactly),
// all going with their product, and each table moving the content version.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.hpp"
#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/catalogue/spec_repository.hpp"

namespace {

using atrium::ApiDocument;
using atrium::CatalogueRepository;
using atrium::DocumentKind;
using atrium::ErrorCode;
using atrium::NewProduct;
using atrium::Product;
using atrium::ProductApi;
using atrium::ProductImage;
using atrium::ProductImageKind;
using atrium::ProductImageRepository;
using atrium::ProductRepository;
using atrium::ProviderRepository;
using atrium::SpecDetail;
using atrium::SpecDetailFields;
using atrium::SpecDetailRepository;
using atrium::Transaction;
using atrium::contract::why;

class ProductSpecsContract : public atrium::contract::ContractTest {
 protected:
  Product make_product(const std::string& name) {
    auto created = db().write_result([&](Transaction& tx) -> atrium::Result<Product> {
      ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<ProviderRepository>().built_in());
      NewProduct product;
      product.cid = "product-" + name;
      product.provider_id = provider.id;
      product.fields.name = name;
      product.fields.display_name = name;
      product.fields.path = name;
      product.fields.is_documentation_only = true;
      return tx.get<ProductRepository>().create(product, clock_.now());
    });
    EXPECT_TRUE(created) << why(created);
    return created ? *created : Product{};
  }

  atrium::Result<SpecDetail> add_spec(long long product, const std::string& alias) {
    return db().write_result([&](Transaction& tx) {
      return tx.get<SpecDetailRepository>().create(
          product, "spec-" + std::to_string(++specs_made_),
          SpecDetailFields{alias, "The " + alias, "https://example.com/" + alias + ".json"},
          clock_.now());
    });
  }

  void remove_product(long long id) {
    const auto removed =
        db().write_result([&](Transaction& tx) { return tx.get<ProductRepository>().remove(id); });
    ASSERT_TRUE(removed) << why(removed);
    EXPECT_TRUE(*removed);
  }

  int specs_made_ = 0;

  long long content_version() {
    auto version = db().read_result(
        [](Transaction& tx) { return tx.get<CatalogueRepository>().content_version(); });
    EXPECT_TRUE(version) << why(version);
    return version ? *version : 0;
  }
};

TEST_P(ProductSpecsContract, SpecsKeepUniqueAliasesAndTheirDocuments) {
  const Product product = make_product("docs-only");
  const Product other = make_product("other");
  const long long before = content_version();
  auto first = add_spec(product.id, "payments");
  ASSERT_TRUE(first) << why(first);
  EXPECT_GT(content_version(), before);
  EXPECT_EQ(first->fields.name, "The payments");
  EXPECT_EQ(first->product_id, product.id);
  auto second = add_spec(product.id, "refunds");
  ASSERT_TRUE(second) << why(second);
  const auto taken = add_spec(product.id, "payments");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(taken.error().id, "spec.alias_taken");
  EXPECT_TRUE(add_spec(other.id, "payments"));  // unique within a product only

  // An update to a taken alias is refused too, and changes nothing.
  const auto clash = db().write_result([&](Transaction& tx) {
    return tx.get<SpecDetailRepository>().update(
        product.id, second->id, SpecDetailFields{"payments", "x", ""}, clock_.now());
  });
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().id, "spec.alias_taken");
  const auto missing = db().write_result([&](Transaction& tx) {
    return tx.get<SpecDetailRepository>().update(other.id, second->id,
                                                 SpecDetailFields{"x", "x", ""}, clock_.now());
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().id, "spec.not_found");

  const std::string sdl = "type Query {\n  \"Grüße\" hello: String\n}\n";
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    auto& specs = tx.get<SpecDetailRepository>();
    ATRIUM_TRY(specs.set_document(
        first->id, DocumentKind::kOpenApi,
        ApiDocument{"application/json", "{\"openapi\":\"3.0.0\"}", clock_.now()}));
    ATRIUM_TRY(specs.set_document(first->id, DocumentKind::kGraphql,
                                  ApiDocument{"application/json", "{}", clock_.now()}));
    // Replacing keeps one document per kind.
    return specs.set_document(first->id, DocumentKind::kGraphql,
                              ApiDocument{"application/graphql", sdl, clock_.now()});
  }));
  auto schema = db().read_result([&](Transaction& tx) {
    return tx.get<SpecDetailRepository>().document(first->id, DocumentKind::kGraphql);
  });
  ASSERT_TRUE(schema) << why(schema);
  ASSERT_TRUE(schema->has_value());
  EXPECT_EQ((*schema)->text, sdl);
  EXPECT_EQ((*schema)->media_type, "application/graphql");
  auto removed = db().write_result([&](Transaction& tx) {
    return tx.get<SpecDetailRepository>().remove_document(first->id, DocumentKind::kOpenApi);
  });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  removed = db().write_result([&](Transaction& tx) {
    return tx.get<SpecDetailRepository>().remove_document(first->id, DocumentKind::kOpenApi);
  });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_FALSE(*removed);

  auto list = db().read_result(
      [&](Transaction& tx) { return tx.get<SpecDetailRepository>().list(product.id); });
  ASSERT_TRUE(list) << why(list);
  EXPECT_EQ(atrium::contract::ids_of(*list), (std::vector<long long>{first->id, second->id}));

  // Deleting a spec takes its documents; deleting the product takes its specs.
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    ATRIUM_TRY(tx.get<SpecDetailRepository>().remove(product.id, first->id));
    return atrium::ok();
  }));
  schema = db().read_result([&](Transaction& tx) {
    return tx.get<SpecDetailRepository>().document(first->id, DocumentKind::kGraphql);
  });
  ASSERT_TRUE(schema) << why(schema);
  EXPECT_FALSE(schema->has_value());
  remove_product(product.id);
  list = db().read_result(
      [&](Transaction& tx) { return tx.get<SpecDetailRepository>().list(product.id); });
  ASSERT_TRUE(list) << why(list);
  EXPECT_TRUE(list->empty());
}

TEST_P(ProductSpecsContract, ApiGraphqlSchemasFollowTheirApis) {
  const Product product = make_product("graph");
  std::vector<ProductApi> apis(2);
  apis[0].api_id = "keep";
  apis[0].name = "Keep";
  apis[1].api_id = "drop";
  apis[1].name = "Drop";
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    auto& products = tx.get<ProductRepository>();
    ATRIUM_TRY(products.replace_apis(product.id, apis));
    for (const char* api : {"keep", "drop"}) {
      ATRIUM_TRY(products.set_api_document(
          product.id, api, atrium::DocumentKind::kGraphql,
          ApiDocument{"application/graphql", std::string("type Query { ") + api + ": Int }",
                      clock_.now()}));
    }
    return atrium::ok();
  }));
  apis.pop_back();
  ASSERT_TRUE(db().write(
      [&](Transaction& tx) { return tx.get<ProductRepository>().replace_apis(product.id, apis); }));
  for (const char* api : {"keep", "drop"}) {
    auto schema = db().read_result([&](Transaction& tx) {
      return tx.get<ProductRepository>().api_document(product.id, api,
                                                      atrium::DocumentKind::kGraphql);
    });
    ASSERT_TRUE(schema) << why(schema);
    EXPECT_EQ(schema->has_value(), std::string(api) == "keep") << api;
  }
  auto removed = db().write_result([&](Transaction& tx) {
    return tx.get<ProductRepository>().remove_api_document(product.id, "keep",
                                                           atrium::DocumentKind::kGraphql);
  });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
}

TEST_P(ProductSpecsContract, ImagesKeepEveryByteAndGoWithTheProduct) {
  const Product product = make_product("pictures");
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes.push_back(static_cast<char>(i % 256));  // NULs, 0xFF
  const long long before = content_version();
  ASSERT_TRUE(db().write([&](Transaction& tx) -> atrium::Status {
    auto& images = tx.get<ProductImageRepository>();
    ATRIUM_TRY(images.set(product.id, ProductImageKind::kPreview,
                          ProductImage{"image/gif", "GIF89a", "\"old\"", clock_.now()}));
    ATRIUM_TRY(images.set(product.id, ProductImageKind::kPreview,
                          ProductImage{"image/png", bytes, "\"e1\"", clock_.now()}));
    return images.set(product.id, ProductImageKind::kLogo,
                      ProductImage{"image/webp", "RIFF", "\"e2\"", clock_.now()});
  }));
  EXPECT_GT(content_version(), before);
  auto preview = db().read_result([&](Transaction& tx) {
    return tx.get<ProductImageRepository>().find(product.id, ProductImageKind::kPreview);
  });
  ASSERT_TRUE(preview) << why(preview);
  ASSERT_TRUE(preview->has_value());
  EXPECT_EQ((*preview)->bytes, bytes);
  EXPECT_EQ((*preview)->media_type, "image/png");
  EXPECT_EQ((*preview)->etag, "\"e1\"");
  auto kinds = db().read_result(
      [&](Transaction& tx) { return tx.get<ProductImageRepository>().kinds(product.id); });
  ASSERT_TRUE(kinds) << why(kinds);
  EXPECT_EQ(*kinds,
            (std::vector<ProductImageKind>{ProductImageKind::kLogo, ProductImageKind::kPreview}));

  auto removed = db().write_result([&](Transaction& tx) {
    return tx.get<ProductImageRepository>().remove(product.id, ProductImageKind::kLogo);
  });
  ASSERT_TRUE(removed) << why(removed);
  EXPECT_TRUE(*removed);
  remove_product(product.id);
  kinds = db().read_result(
      [&](Transaction& tx) { return tx.get<ProductImageRepository>().kinds(product.id); });
  ASSERT_TRUE(kinds) << why(kinds);
  EXPECT_TRUE(kinds->empty());
}

ATRIUM_CONTRACT_BACKENDS(ProductSpecsContract);

}  // namespace
